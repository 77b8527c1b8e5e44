#pragma once
// What the end-to-end export tests share: one workspace with mnist-10k and iris imported through
// dllab-cli and four tiny runs trained once per test binary (an MLP and a CNN on mnist, an MLP
// on iris, an MLP on the birdstrikes table), plus helpers to run dllab-cli and the outside
// consumers (Python torch, node + ONNX Runtime) as subprocesses.
#include "tests/cli_process.h"
#include "tests/datasets/test_files.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>

namespace dllab::test {

struct TrainedRuns {
    std::filesystem::path root;
    std::string workspace;
    std::string mnistMlp, mnistCnn, irisMlp; // run ids as text
    std::string birdsMlp;                    // birdstrikes.csv: categories, a date, missing cells
    std::string gapminderMlp;                // gapminder.csv: regression on life_expect

    // "DLLAB_CLI --workspace W " + args
    std::string cli(const std::string &args) const;
};

// Trained on first use (up to a minute on a busy machine) and kept in the build tree, keyed by
// the dllab-cli binary, so the test processes CTest starts (one per test) share one set of runs;
// a file lock makes concurrent processes wait for the first one.
const TrainedRuns &trainedRuns();

// Empty when Python's torch can run; otherwise why not (the skip message).
std::string pythonTorchMissing();
// Empty when node can load onnxruntime-node from <source>/node_modules; otherwise why not.
std::string onnxRuntimeMissing();
std::string nodeCommand(); // "NODE_PATH=... node"

// True when DLLAB_REQUIRE_CONSUMERS is set (CI sets it): the README promises the PyTorch and ONNX
// Runtime checks, so there a missing consumer fails the test instead of skipping it.
bool consumersRequired();

void writeFloats(const std::filesystem::path &file, const torch::Tensor &x);
torch::Tensor logitsFromJson(const nlohmann::json &rows);

} // namespace dllab::test

// Skips the test (saying why in the log) when an outside consumer is missing, or fails it when
// consumers are required. `why` is what pythonTorchMissing()/onnxRuntimeMissing() return.
#define DLLAB_NEEDS_CONSUMER(why)                                                                  \
    if (const std::string consumerMissing = (why); !consumerMissing.empty()) {                     \
        if (::dllab::test::consumersRequired())                                                    \
            FAIL() << "DLLAB_REQUIRE_CONSUMERS is set: " << consumerMissing;                       \
        GTEST_SKIP() << consumerMissing;                                                           \
    }
