// The accuracy targets on real MNIST (mnist-10k): test accuracy of the default MLP after 5
// epochs and of LeNet-5 after 12, iris with the MLP, and identical metrics from the same command.
// Slow (minutes on 2 cores): labelled `slow`, not in the default suite.
#include "../cli_process.h"
#include "../datasets/test_files.h"

using nlohmann::json;
using namespace dllab::test;

namespace {

class TrainAccuracy : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new ScratchDir;
        const auto r =
            runCli(s_dir->path(),
                   {"dataset", "import", (sharedData() / "mnist-10k").string(), "--name", "mnist"});
        ASSERT_EQ(r.status, 0) << r.err;
    }
    static void TearDownTestSuite()
    {
        delete s_dir;
        s_dir = nullptr;
    }
    static json train(const std::vector<std::string> &extra)
    {
        std::vector<std::string> args{"train", "--dataset", "mnist", "--seed", "0", "--json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = runCli(s_dir->path(), args);
        EXPECT_EQ(r.status, 0) << r.err;
        return r.status == 0 ? r.document() : json::object();
    }
    static ScratchDir *s_dir;
};

ScratchDir *TrainAccuracy::s_dir = nullptr;

} // namespace

TEST_F(TrainAccuracy, MlpFiveEpochsAndRepeatable)
{
    const json a = train({"--model", "mlp", "--epochs", "5"});
    EXPECT_GE(a["metrics"]["test_accuracy"].get<double>(), 0.93) << a.dump();
    const json b = train({"--model", "mlp", "--epochs", "5"});
    EXPECT_EQ(a["metrics"], b["metrics"]);
    std::printf("mlp: %s\n", a.dump().c_str());
}

TEST_F(TrainAccuracy, CnnTwelveEpochs)
{
    const json r = train({"--model", "cnn", "--epochs", "12"});
    EXPECT_GE(r["metrics"]["test_accuracy"].get<double>(), 0.97) << r.dump();
    std::printf("cnn: %s\n", r.dump().c_str());
}
