#include "export_fixture.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dllab::test {

namespace {

std::string readAll(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Through dllab-cli train with a run spec file, as a script would; short runs, since only the
// export is under test.
std::string train(const TrainedRuns &runs, const nlohmann::json &spec, const std::string &name)
{
    const auto file = runs.root / (name + ".json");
    std::ofstream(file) << spec.dump();
    const auto result = runShell(runs.cli("train --spec " + shellQuote(file.string()) + " --json"));
    if (result.status != 0)
        throw std::runtime_error("dllab-cli train " + name + " failed: " + result.err);
    const auto report = nlohmann::json::parse(result.out);
    if (report.value("status", std::string()) != "finished")
        throw std::runtime_error("training run " + name + " did not finish: " + result.out);
    return std::to_string(report.at("run").get<int64_t>());
}

} // namespace

std::string TrainedRuns::cli(const std::string &args) const
{
    return shellQuote(DLLAB_CLI) + " --workspace " + shellQuote(workspace) + " " + args;
}

namespace {

TrainedRuns trainInto(const std::filesystem::path &dir)
{
    TrainedRuns r;
    r.root = dir;
    r.workspace = (dir / "ws").string();
    const auto data = sharedData();
    for (const std::string &import :
         {"dataset import " + shellQuote((data / "mnist-10k").string()) + " --name mnist",
          "dataset import " + shellQuote((data / "iris.csv").string()) + " --name iris",
          "dataset import " + shellQuote((data / "birdstrikes.csv").string())
              + " --name birds --label 'Effect Amount of damage'",
          "dataset import " + shellQuote((data / "gapminder.csv").string())
              + " --name gapminder --label life_expect"}) {
        const auto result = runShell(r.cli(import));
        if (result.status != 0)
            throw std::runtime_error(import + ": " + result.err);
    }
    const nlohmann::json common{
        {"epochs", 1}, {"batch_size", 64}, {"seed", 3}, {"device", "cpu"}, {"threads", 2}};
    nlohmann::json spec = common;
    spec["dataset"] = "mnist";
    spec["model"] = {{"arch", "mlp"}, {"hidden", {64}}};
    r.mnistMlp = train(r, spec, "mnist-mlp");
    spec["model"] = {{"arch", "cnn"}};
    r.mnistCnn = train(r, spec, "mnist-cnn");
    spec = common;
    spec["dataset"] = "iris";
    spec["epochs"] = 30;
    spec["batch_size"] = 16;
    spec["optimizer"] = {{"name", "adam"}, {"lr", 0.01}};
    spec["model"] = {{"arch", "mlp"}, {"hidden", {16}}};
    r.irisMlp = train(r, spec, "iris-mlp");
    spec["dataset"] = "birds";
    spec["epochs"] = 2;
    spec["batch_size"] = 64;
    r.birdsMlp = train(r, spec, "birds-mlp");
    spec["dataset"] = "gapminder";
    spec["epochs"] = 20;
    spec["batch_size"] = 32;
    r.gapminderMlp = train(r, spec, "gapminder-mlp");
    return r;
}

} // namespace

const TrainedRuns &trainedRuns()
{
    static TrainedRuns runs = [] {
        namespace fs = std::filesystem;
        const fs::path cache = DLLAB_EXPORT_TEST_CACHE;
        fs::create_directories(cache);
        const fs::path cli = DLLAB_CLI;
        const auto stamp = std::to_string(fs::last_write_time(cli).time_since_epoch().count()) + "-"
                           + std::to_string(fs::file_size(cli));
        const fs::path dir = cache / stamp;
        const int lock = open((cache / "lock").c_str(), O_CREAT | O_RDWR, 0644);
        flock(lock, LOCK_EX);
        TrainedRuns r;
        try {
            if (fs::exists(dir / "runs.json")) {
                const auto ids = nlohmann::json::parse(readAll(dir / "runs.json"));
                r.root = dir;
                r.workspace = (dir / "ws").string();
                r.mnistMlp = ids.at("mnist_mlp");
                r.mnistCnn = ids.at("mnist_cnn");
                r.irisMlp = ids.at("iris_mlp");
                r.birdsMlp = ids.at("birds_mlp");
                r.gapminderMlp = ids.at("gapminder_mlp");
            } else {
                for (const auto &old : fs::directory_iterator(cache))
                    if (old.is_directory())
                        fs::remove_all(old.path());
                fs::create_directories(dir);
                r = trainInto(dir);
                std::ofstream(dir / "runs.json") << nlohmann::json{
                    {"mnist_mlp", r.mnistMlp},
                    {"mnist_cnn", r.mnistCnn},
                    {"iris_mlp", r.irisMlp},
                    {"birds_mlp", r.birdsMlp},
                    {"gapminder_mlp", r.gapminderMlp}}.dump();
            }
        } catch (...) {
            flock(lock, LOCK_UN);
            close(lock);
            throw;
        }
        flock(lock, LOCK_UN);
        close(lock);
        return r;
    }();
    return runs;
}

std::string pythonTorchMissing()
{
    static const std::string missing = [] {
        const auto r = runShell("/usr/bin/python3 -c 'import torch' ");
        return r.status == 0
                   ? std::string()
                   : "/usr/bin/python3 cannot import torch (install python3-torch): " + r.err;
    }();
    return missing;
}

bool consumersRequired()
{
    const char *flag = std::getenv("DLLAB_REQUIRE_CONSUMERS");
    return flag && *flag && std::string(flag) != "0";
}

std::string nodeCommand()
{
    return "NODE_PATH=" + shellQuote(std::string(DLLAB_SOURCE_DIR) + "/node_modules") + " node";
}

std::string onnxRuntimeMissing()
{
    static const std::string missing = [] {
        const auto r = runShell(nodeCommand() + " -e \"require('onnxruntime-node')\"");
        return r.status == 0 ? std::string()
                             : "node cannot load onnxruntime-node; install it with `npm install "
                               "--ignore-scripts --no-save --prefix " DLLAB_SOURCE_DIR
                               " onnxruntime-node`: "
                                   + r.err.substr(0, 300);
    }();
    return missing;
}

void writeFloats(const std::filesystem::path &file, const torch::Tensor &x)
{
    const torch::Tensor c = x.to(torch::kFloat).contiguous();
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(c.data_ptr<float>()),
              std::streamsize(c.numel() * sizeof(float)));
}

torch::Tensor logitsFromJson(const nlohmann::json &rows)
{
    std::vector<float> values;
    for (const auto &row : rows)
        for (const auto &v : row)
            values.push_back(v.get<float>());
    const int64_t n = int64_t(rows.size());
    return torch::tensor(values).reshape({n, n ? int64_t(values.size()) / n : 0});
}

} // namespace dllab::test
