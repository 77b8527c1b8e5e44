// The samples behind a run's confusion-matrix cells (the run detail view's click), from a real
// trained run: every cell holds as many samples as the run's own val confusion matrix says, most
// confident first, and the split is predicted once until the run trains again.
#include "export/cell_samples.h"
#include "export_fixture.h"
#include "training/run_store.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

using namespace dllab;
using namespace dllab::test;

TEST(CellSamples, CellsAddUpToTheRunsConfusionMatrix)
{
    const auto &runs = trainedRuns();
    workspace::Workspace ws(runs.workspace);
    const int64_t runId = std::stoll(runs.mnistMlp);
    const nlohmann::json matrix =
        training::RunStore(ws).get(runs.mnistMlp).summary.at("val").at("confusion_matrix");

    const auto predictions = exporting::predictSplit(ws, runId, "val");
    EXPECT_EQ(exporting::predictSplit(ws, runId, "val", predictions), predictions)
        << "nothing trained since: the predictions are reused";
    EXPECT_NE(exporting::predictSplit(ws, runId, "test", predictions), predictions);

    int64_t samples = 0;
    for (int64_t t = 0; t < 10; ++t) {
        for (int64_t p = 0; p < 10; ++p) {
            const auto cell = exporting::cellSamples(*predictions, t, p, 5);
            ASSERT_EQ(cell.total, matrix[t][p].get<int64_t>()) << "cell " << t << ", " << p;
            ASSERT_EQ(int64_t(cell.samples.size()), std::min<int64_t>(5, cell.total));
            for (size_t i = 0; i < cell.samples.size(); ++i) {
                EXPECT_EQ(cell.samples[i].pixels.size(), 28u * 28u);
                EXPECT_GE(cell.samples[i].confidence, 0.1); // the top class of 10
                if (i > 0) {
                    EXPECT_LE(cell.samples[i].confidence, cell.samples[i - 1].confidence);
                }
            }
            samples += cell.total;
        }
    }
    EXPECT_EQ(samples, int64_t(predictions->indices.size()));
    EXPECT_THROW(exporting::cellSamples(*predictions, 10, 0), Error);
    EXPECT_THROW(exporting::predictSplit(ws, runId, "train"), Error);
}
