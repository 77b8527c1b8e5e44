// Bad input thrown at dllab-cli: deeply nested JSON, FIFOs, damaged IDX and PNG files, absurd
// numbers, predictions on rows that are not data, and wide tables. Each case failed before the
// fix it guards: a crash, a hang, a silent acceptance or a message in a library's words.
#include "hostile_util.h"

#include <signal.h>
#include <sys/stat.h>
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <thread>

using nlohmann::json;
using namespace dllab::test;
namespace fs = std::filesystem;

namespace {

std::string bigEndian32(uint32_t v)
{
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string pngChunk(const std::string &type, const std::string &data)
{
    const std::string body = type + data;
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(body.data()),
                            uInt(body.size()));
    return bigEndian32(uint32_t(data.size())) + body + bigEndian32(uint32_t(crc));
}

// A PNG as its chunks say; pixel data is one zlib-compressed row of zeros, enough for headers.
std::string png(uint32_t width, uint32_t height, int depth, int colourType)
{
    std::string ihdr = bigEndian32(width) + bigEndian32(height);
    ihdr += {char(depth), char(colourType), 0, 0, 0};
    std::string raw(size_t(width) + 1, '\0');
    uLongf size = compressBound(uLong(raw.size()));
    std::string packed(size, '\0');
    compress(reinterpret_cast<Bytef *>(packed.data()), &size,
             reinterpret_cast<const Bytef *>(raw.data()), uLong(raw.size()));
    packed.resize(size);
    return "\x89PNG\r\n\x1a\n" + pngChunk("IHDR", ihdr) + pngChunk("IDAT", packed)
           + pngChunk("IEND", "");
}

// A class folder "digits/<c>/<i>.png" of valid 4x4 grayscale images plus `odd` as digits/1/odd.png.
fs::path imageFolder(const ScratchDir &dir, const std::string &name, const std::string &odd)
{
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < 3; ++i)
            dir.write(name + "/" + std::to_string(c) + "/" + std::to_string(i) + ".png",
                      png(4, 1, 8, 0));
    dir.write(name + "/1/odd.png", odd);
    return dir / name;
}

// Waits (up to 20 s) until process `pid` has `file` open: its import has begun reading.
bool waitUntilOpen(pid_t pid, const fs::path &file)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::error_code error;
        for (fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", error), end;
             !error && it != end; it.increment(error))
            if (fs::read_symlink(it->path(), error) == file)
                return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

json runList(const fs::path &ws) { return cli(ws, {"runs", "list", "--json"}).document(); }

} // namespace

TEST(CliHostileInput, DeeplyNestedJsonIsRefusedWithTheFileNamed)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    const fs::path deepModel = dir.write(
        "model.json", "{\"dataset\": \"iris\", \"model\": " + nested(100000, '{', "1") + "}");
    expectOurError(cli(ws, {"train", "--spec", deepModel.string()}),
                   {deepModel.string(), "nested deeper than 64"});
    const fs::path deepList = dir.write(
        "hidden.json", "{\"dataset\": \"iris\", \"model\": {\"arch\": \"mlp\", \"hidden\": "
                           + nested(1000000, '[', "8") + "}}");
    expectOurError(cli(ws, {"train", "--spec", deepList.string()}), {deepList.string(), "nested"});
    const fs::path sweep =
        dir.write("sweep.json", "{\"parameters\": " + nested(200000, '{', "1") + "}");
    expectOurError(cli(ws, {"sweep", "run", sweep.string()}), {sweep.string(), "nested"});
    expectOurError(
        cli(ws, {"train", "--dataset", "iris", "--set",
                 "model.hidden=" + nested(20000, '[', "1")}), // one argument may hold 128 KiB
        {"--set model.hidden", "nested"});
    EXPECT_TRUE(runList(ws).empty());
}

TEST(CliHostileInput, FifosAndDevicesAreRefusedAndCtrlCStopsAnImport)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    ASSERT_EQ(::mkfifo((dir / "f.csv").c_str(), 0600), 0);
    const auto started = std::chrono::steady_clock::now();
    expectOurError(cli(ws, {"dataset", "import", (dir / "f.csv").string(), "--name", "x"}),
                   {"f.csv", "FIFO"});
    expectOurError(cli(ws, {"dataset", "import", "/dev/null", "--format", "csv", "--name", "x"}),
                   {"/dev/null", "character device"});
    expectOurError(cli(ws, {"train", "--spec", (dir / "f.csv").string()}), {"f.csv", "FIFO"});
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));

    // Ctrl-C during a long import stops it with nothing written.
    std::string big = "a,b,c,label\n";
    for (int i = 0; i < 2000000; ++i)
        big += std::to_string(i) + ".5,1,2," + std::to_string(i % 3) + "\n";
    const fs::path csv = dir.write("big.csv", big);
    const pid_t child = startCli(ws, {"dataset", "import", csv.string(), "--name", "big"});
    EXPECT_TRUE(waitUntilOpen(child, csv));
    ::kill(child, SIGINT);
    const int status = waitChild(child);
    EXPECT_TRUE(status == 130 || status == 0) << status; // 0: it had already finished
    const json list = cli(ws, {"dataset", "list", "--json"}).document();
    EXPECT_TRUE(status == 0 ? list.size() == 1 : list.empty()) << list.dump();
}

TEST(CliHostileInput, AbsurdNumbersAreRefused)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    expectOurError(cli(ws, {"train", "--dataset", "iris", "--threads", "100000"}),
                   {"threads", "100000"});
    expectOurError(cli(ws, {"train", "--dataset", "iris", "--set", "threads=100000"}), {"threads"});
    const CliResult epochs =
        cli(ws, {"train", "--dataset", "iris", "--epochs", "99999999999999999999"});
    EXPECT_NE(epochs.status, 0);
    EXPECT_NE(epochs.err.find("epochs"), std::string::npos) << epochs.err;
    expectOurError(cli(ws, {"train", "--dataset", "iris", "--set", "model.hidden.0=100000000"}),
                   {"model.hidden[0]"});
    // Two small PNGs that claim 30000x30000 pixels each.
    const fs::path folder = imageFolder(dir, "huge", png(30000, 30000, 8, 0));
    expectOurError(cli(ws, {"dataset", "import", folder.string(), "--name", "huge"}),
                   {"huge/1/odd.png", "30000x30000", "--max-image-pixels"});
    EXPECT_TRUE(runList(ws).empty());
}

TEST(CliHostileInput, BrokenFilesAreRefused)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    // IDX with 5 junk bytes after the header: the images would all be shifted.
    std::string images = std::string("\0\0\x08\x03", 4) + bigEndian32(2) + bigEndian32(2)
                         + bigEndian32(2) + "junk!" + std::string(8, '\x7f');
    const std::string labels = std::string("\0\0\x08\x01", 4) + bigEndian32(2) + "\x01\x02";
    const fs::path imageFile = dir.write("images-idx3-ubyte", images);
    const fs::path labelFile = dir.write("labels-idx1-ubyte", labels);
    expectOurError(
        cli(ws, {"dataset", "import", imageFile.string(), labelFile.string(), "--name", "idx"}),
        {"images-idx3-ubyte", "damaged"});
    // A PNG with a damaged chunk CRC, and one RGB at bit depth 2.
    std::string badCrc = png(4, 1, 8, 0);
    badCrc[29] ^= 1; // the IHDR CRC
    expectOurError(
        cli(ws, {"dataset", "import", imageFolder(dir, "crc", badCrc).string(), "--name", "crc"}),
        {"crc/1/odd.png", "CRC"});
    expectOurError(
        cli(ws, {"dataset", "import", imageFolder(dir, "depth", png(4, 1, 2, 2)).string(), "--name",
                 "depth"}),
        {"depth/1/odd.png", "bit depth 2"});
    std::string noEnd = png(4, 1, 8, 0);
    noEnd.resize(noEnd.size() - 12);
    expectOurError(
        cli(ws, {"dataset", "import", imageFolder(dir, "cut", noEnd).string(), "--name", "cut"}),
        {"cut/1/odd.png", "IEND"});
    EXPECT_TRUE(cli(ws, {"dataset", "list", "--json"}).document().empty());

    // A sweep whose second categorical value no run accepts is refused before it starts.
    importIris(ws);
    const fs::path sweep = dir.write("sweep.json", R"({
        "name": "opt", "objective": {"metric": "val_accuracy", "goal": "maximize"},
        "algorithm": {"name": "grid"}, "maxTrialCount": 2,
        "parameters": [{"name": "optimizer.name", "type": "categorical",
                        "values": ["adam", "lbfgs"]}],
        "trial": {"run": {"dataset": "iris", "epochs": 1}}})");
    expectOurError(cli(ws, {"sweep", "run", sweep.string()}), {"lbfgs", "optimizer.name"});
    EXPECT_TRUE(cli(ws, {"sweep", "list", "--json"}).document().empty());
}

TEST(CliHostileInput, PredictRefusesRowsThatAreNotData)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    const std::string run = trainIris(ws);
    ASSERT_FALSE(HasFailure());
    expectOurError(cli(ws, {"predict", run, dir.write("nan.csv", "5.1,nan,1.4,0.2\n").string()}),
                   {"nan.csv", "column 2", "finite"});
    expectOurError(cli(ws, {"predict", run, dir.write("empty.csv", "").string()}),
                   {"empty.csv", "no rows"});
    expectOurError(cli(ws, {"predict", run,
                            dir.write("header.csv", "sepal_length,sepal_width,petal_length,"
                                                    "petal_width\n")
                                .string()}),
                   {"header.csv", "only a header"});
    const fs::path rows = dir.write("rows.csv", "5.1,3.5,1.4,0.2\n");
    expectOurError(cli(ws, {"predict", run, rows.string(), "--top-k", "-5"}), {"top-k"});
    fs::create_directory(dir / "folder");
    expectOurError(cli(ws, {"predict", run, (dir / "folder").string() + "/"}), {"is a folder"});
    expectOurError(cli(ws, {"export", run, "--format", "torchscript", "--out",
                            (dir / "out").string(), "--tolerance", "nan"}),
                   {"tolerance"});
    expectOurError(cli(ws, {"export", run, "--format", "torchscript", "--out",
                            (dir / "out").string(), "--parity-samples", "-1"}),
                   {"parity", "-1"});
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(CliHostileInput, SetChangesOneEntryOfTheDefaults)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    const CliResult first = cli(ws, {"train", "--dataset", "iris", "--set", "model.hidden.0=16",
                                     "--epochs", "1", "--json"});
    ASSERT_EQ(first.status, 0) << first.err;
    const CliResult second = cli(ws, {"train", "--dataset", "iris", "--model", "mlp", "--set",
                                      "model.hidden.1=4", "--epochs", "1", "--json"});
    ASSERT_EQ(second.status, 0) << second.err;
    const auto hidden = [&](const CliResult &r) {
        return cli(ws, {"runs", "show", r.document()["run"].dump(), "--json"})
            .document()["spec"]["model"]["hidden"];
    };
    EXPECT_EQ(hidden(first), json({16, 128}));
    EXPECT_EQ(hidden(second), json({256, 4}));
}

TEST(CliHostileInput, WideTablesImport)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    std::string wide;
    for (int c = 0; c < 100000; ++c)
        wide += "f" + std::to_string(c) + ",";
    wide += "label\n";
    for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 100000; ++c)
            wide += std::to_string((r + c) % 7) + ",";
        wide += std::to_string(r % 2) + "\n";
    }
    const CliResult columns = cli(ws, {"dataset", "import", dir.write("wide.csv", wide).string(),
                                       "--name", "wide", "--json"});
    ASSERT_EQ(columns.status, 0) << columns.err.substr(0, 500);
    EXPECT_EQ(columns.document()["feature_shape"], json({100000}));
    EXPECT_EQ(cli(ws, {"dataset", "verify", "wide"}).status, 0);

    std::string many = "x,label\n";
    for (int r = 0; r < 50000; ++r)
        many += std::to_string(r % 10) + ",class" + std::to_string(r) + "\n";
    const CliResult classes = cli(ws, {"dataset", "import", dir.write("many.csv", many).string(),
                                       "--name", "many", "--json"});
    ASSERT_EQ(classes.status, 0) << classes.err.substr(0, 500);
    EXPECT_EQ(classes.document()["classes"].size(), 50000u);
    EXPECT_EQ(cli(ws, {"dataset", "verify", "many"}).status, 0);
}

TEST(CliHostileInput, ErrorsNameTheFieldOrFileNotTheLibrary)
{
    ScratchDir dir;
    const fs::path ws = dir / "ws";
    importIris(ws);
    expectOurError(
        cli(ws, {"train", "--dataset", "iris", "--set", "model.hidden.99999999999999999999999=1"}),
        {"model.hidden", "past the end"});
    const fs::path five = dir.write("five.json", R"({"dataset": "iris", "model": 5})");
    expectOurError(cli(ws, {"train", "--spec", five.string(), "--set", "model.arch=mlp"}),
                   {"--set model.arch", "model"});
    expectOurError(cli(ws, {"train", "--spec", five.string()}), {"five.json", "model"});
    expectOurError(cli(ws, {"train", "--spec", dir.path().string()}), {"is a folder"});
    fs::create_directories(dir / "digits");
    const fs::path digits = sharedData() / "mnist-png-500";
    ASSERT_EQ(cli(ws, {"dataset", "import", digits.string(), "--name", "digits"}).status, 0);
    expectOurError(cli(ws, {"train", "--dataset", "digits", "--model", "resnet", "--set",
                            "model.blocks_per_stage=1000000"}),
                   {"model.blocks_per_stage"});
    expectOurError(
        cli(ws, {"train", "--dataset", "iris", "--set", "model.hidden=[60000,60000,60000]"}),
        {"model", "weights"});
    // A NUL byte in a cell is shown, not cut off.
    const fs::path nul = dir.write("nul.csv", std::string("a,label\n1,x\nb\0c,y\n", 18));
    const CliResult nulImport =
        cli(ws, {"dataset", "import", nul.string(), "--name", "nul", "--column", "a=numeric"});
    EXPECT_NE(nulImport.status, 0);
    EXPECT_NE(nulImport.err.find("\\x00"), std::string::npos) << nulImport.err;
    // Column options that make no sense are refused before anything is read.
    expectOurError(
        cli(ws, {"dataset", "import", nul.string(), "--name", "nul", "--column", "a=banana"}),
        {"--column a=banana", "numeric|categorical"});
    expectOurError(
        cli(ws, {"dataset", "import", nul.string(), "--name", "nul", "--column", "=numeric"}),
        {"--column =numeric"});
    expectOurError(
        cli(ws, {"dataset", "import", nul.string(), "--name", "nul", "--column", "zz=date"}),
        {"nul.csv", "no column named 'zz'"});
    EXPECT_NE(
        cli(ws, {"dataset", "import", nul.string(), "--name", "nul", "--decimal", ";"}).status, 0);
    // Two CSVs at once, and a missing blob.
    const fs::path a = dir.write("a.csv", "x,label\n1,a\n2,b\n");
    const fs::path b = dir.write("b.csv", "x,label\n1,a\n2,b\n");
    expectOurError(cli(ws, {"dataset", "import", a.string(), b.string(), "--name", "ab"}),
                   {"one file", "a.csv"});
    const std::string blob = cli(ws, {"dataset", "show", "iris", "--json"}).document()["blob"];
    fs::remove(ws / "blobs" / blob.substr(0, 2) / blob.substr(2));
    expectOurError(cli(ws, {"train", "--dataset", "iris", "--epochs", "1"}), {"is missing"});
}
