// The serving layouts: the .mar as torch-model-archiver lays it out, the Triton repository with
// config.pbtxt read back as protobuf text format.
#include "export/torchserve_export.h"
#include "export/triton_export.h"
#include "tests/datasets/test_files.h"
#include "triton_config_schema.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace dllab;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> unzip(const fs::path &file)
{
    std::map<std::string, std::string> entries;
    int error = 0;
    zip_t *zip = zip_open(file.c_str(), ZIP_RDONLY, &error);
    if (!zip)
        return entries;
    for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
        zip_stat_t st;
        zip_stat_index(zip, zip_uint64_t(i), 0, &st);
        std::string bytes(size_t(st.size), '\0');
        zip_file_t *f = zip_fopen_index(zip, zip_uint64_t(i), 0);
        zip_fread(f, bytes.data(), st.size);
        zip_fclose(f);
        entries[st.name] = bytes;
    }
    zip_close(zip);
    return entries;
}

std::string readText(const fs::path &file)
{
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(TorchServe, MarHasTheArchiverLayoutAndManifest)
{
    test::ScratchDir dir;
    const auto pt = dir.write("model.pt", "not really torchscript");
    exporting::writeMar({"digits", pt, {"zero", "one"}, R"({"card": 1})", "# card"},
                        dir / "digits.mar");
    const auto entries = unzip(dir / "digits.mar");
    for (const char *name : {"MAR-INF/MANIFEST.json", "model.pt", "dllab_handler.py",
                             "index_to_name.json", "model_card.json", "model_card.md"})
        EXPECT_TRUE(entries.count(name)) << name;
    EXPECT_EQ(entries.at("model.pt"), "not really torchscript");
    const auto manifest = nlohmann::json::parse(entries.at("MAR-INF/MANIFEST.json"));
    EXPECT_EQ(manifest["runtime"], "python");
    EXPECT_EQ(manifest["model"]["modelName"], "digits");
    EXPECT_EQ(manifest["model"]["serializedFile"], "model.pt");
    EXPECT_EQ(manifest["model"]["handler"], "dllab_handler.py");
    EXPECT_EQ(manifest["model"]["modelVersion"], "1.0");
    EXPECT_TRUE(manifest["archiverVersion"].is_string());
    // createdOn as the archiver writes it: dd/mm/YYYY HH:MM:SS.
    EXPECT_EQ(manifest["createdOn"].get<std::string>().size(), 19u);
    EXPECT_EQ(manifest["createdOn"].get<std::string>()[2], '/');
    const auto names = nlohmann::json::parse(entries.at("index_to_name.json"));
    EXPECT_EQ(names["1"], "one");
    EXPECT_NE(entries.at("dllab_handler.py").find("def handle(data, context):"), std::string::npos);
}

TEST(Triton, RepositoryLayoutAndConfigReadBackAsProtobufText)
{
    test::ScratchDir dir;
    const auto pt = dir.write("model.pt", "pt");
    const auto onnx = dir.write("model.onnx", "onnx");
    exporting::writeTritonRepository(
        {"mnist-mlp", {1, 28, 28}, 10, {"0", "1"}, pt, onnx, "{}", "# card"}, dir / "repo");
    struct Expect {
        std::string dir, platform, input, output, file;
    };
    for (const Expect &e :
         {Expect{"mnist-mlp", "pytorch_libtorch", "INPUT__0", "OUTPUT__0", "model.pt"},
          Expect{"mnist-mlp_onnx", "onnxruntime_onnx", "input", "logits", "model.onnx"}}) {
        const fs::path model = dir / "repo" / e.dir;
        EXPECT_TRUE(fs::is_regular_file(model / "1" / e.file)) << model;
        EXPECT_EQ(readText(model / "labels.txt"), "0\n1\n");
        std::string error;
        const auto config = test::parseTritonConfig(readText(model / "config.pbtxt"), error);
        ASSERT_TRUE(config) << error;
        const auto *d = config->GetDescriptor();
        const auto *r = config->GetReflection();
        EXPECT_EQ(r->GetString(*config, d->FindFieldByName("name")), e.dir);
        EXPECT_EQ(r->GetString(*config, d->FindFieldByName("platform")), e.platform);
        EXPECT_EQ(r->GetInt32(*config, d->FindFieldByName("max_batch_size")),
                  exporting::kTritonMaxBatchSize);
        ASSERT_EQ(r->FieldSize(*config, d->FindFieldByName("input")), 1);
        ASSERT_EQ(r->FieldSize(*config, d->FindFieldByName("output")), 1);
        const auto &in = r->GetRepeatedMessage(*config, d->FindFieldByName("input"), 0);
        const auto &out = r->GetRepeatedMessage(*config, d->FindFieldByName("output"), 0);
        const auto field = [](const google::protobuf::Message &m, const char *name) {
            return m.GetDescriptor()->FindFieldByName(name);
        };
        const auto *ir = in.GetReflection();
        EXPECT_EQ(ir->GetString(in, field(in, "name")), e.input);
        EXPECT_EQ(ir->GetEnum(in, field(in, "data_type"))->name(), "TYPE_FP32");
        std::vector<int64_t> dims;
        for (int i = 0; i < ir->FieldSize(in, field(in, "dims")); ++i)
            dims.push_back(ir->GetRepeatedInt64(in, field(in, "dims"), i));
        EXPECT_EQ(dims, (std::vector<int64_t>{1, 28, 28})); // no batch dimension
        const auto *orf = out.GetReflection();
        EXPECT_EQ(orf->GetString(out, field(out, "name")), e.output);
        EXPECT_EQ(orf->GetEnum(out, field(out, "data_type"))->name(), "TYPE_FP32");
        ASSERT_EQ(orf->FieldSize(out, field(out, "dims")), 1);
        EXPECT_EQ(orf->GetRepeatedInt64(out, field(out, "dims"), 0), 10);
        EXPECT_EQ(orf->GetString(out, field(out, "label_filename")), "labels.txt");
    }
    std::string error;
    EXPECT_FALSE(test::parseTritonConfig("name: \"x\"\nmax_batch: 3\n", error));
    EXPECT_FALSE(error.empty());
}

} // namespace
