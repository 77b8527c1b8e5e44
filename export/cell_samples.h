#pragma once
// The samples behind one confusion-matrix cell of a run (the run detail view's click): the
// samples of class `trueClass` in the run's val or test split that the model predicted as
// `predicted`, most confident first. The confusion matrix in a run's summary is computed by the
// model at the end of training, so this uses the same one: the run's last checkpoint.
// Predicting the split is the slow part (load the version, build the model, run it), so it is
// done once per run, split and checkpoint (predictSplit) and each cell is picked from that.
// Torch-free header for the GUI; predictSplit runs LibTorch, so call it from a worker thread
// with that thread's Workspace.
#include "workspace/workspace.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dllab::exporting {

struct CellSample {
    int64_t index = 0;           // the sample's index in the dataset version
    double confidence = 0;       // the model's probability for the predicted class
    std::vector<uint8_t> pixels; // images: C*H*W as stored
    std::vector<float> values;   // tables: the feature values
};

struct CellSamples {
    std::string datasetRef;     // name@vN
    std::vector<int64_t> shape; // one sample: {C, H, W} or {F}
    bool image = false;
    int64_t total = 0;               // samples in the cell (may exceed samples.size())
    std::vector<CellSample> samples; // at most `limit`, most confident first
};

// A run's model's predictions over one split, with the split's features.
struct SplitPredictions {
    int64_t runId = 0;
    std::string split;          // "val" or "test"
    std::string checkpointBlob; // the checkpoint that predicted
    std::string datasetRef;
    std::vector<int64_t> shape;
    int64_t sampleSize = 0; // numbers in one sample's features (the product of shape)
    bool image = false;
    int64_t classes = 0;
    std::vector<int64_t> indices;   // per row: the sample's index in the dataset version
    std::vector<int64_t> labels;    // per row: the true class
    std::vector<int64_t> predicted; // per row: the model's top class
    std::vector<float> confidence;  // per row: the model's probability for that class
    std::vector<uint8_t> pixels;    // images: the rows' C*H*W bytes, row after row
    std::vector<float> values;      // tables: the rows' features, row after row
};

// split is "val" or "test". Returns `cached` itself when it holds this run's and split's
// predictions by the run's current last checkpoint. Throws dllab::Error when the run has no
// checkpoint, its dataset version is gone, or the split does not exist.
std::shared_ptr<const SplitPredictions>
predictSplit(workspace::Workspace &ws, int64_t runId, const std::string &split,
             std::shared_ptr<const SplitPredictions> cached = nullptr);

// One cell of the predictions; throws dllab::Error for a class out of range.
CellSamples cellSamples(const SplitPredictions &predictions, int64_t trueClass, int64_t predicted,
                        int64_t limit = 200);

} // namespace dllab::exporting
