#pragma once
// The samples behind one confusion-matrix cell of a run (the run detail view's click): the
// samples of class `trueClass` in the run's val or test split that the model predicted as
// `predicted`, most confident first. The confusion matrix in a run's summary is computed by the
// model at the end of training, so this uses the same one: the run's last checkpoint. Torch-free
// header for the GUI; the work runs LibTorch, so call it from a worker thread with that thread's
// Workspace.
#include "workspace/workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dllab::exporting {

struct CellSample {
    int64_t index = 0;       // the sample's index in the dataset version
    double confidence = 0;   // the model's probability for the predicted class
    std::vector<uint8_t> pixels; // images: C*H*W as stored
    std::vector<float> values;   // tables: the feature values
};

struct CellSamples {
    std::string datasetRef;          // name@vN
    std::vector<int64_t> shape;      // one sample: {C, H, W} or {F}
    bool image = false;
    int64_t total = 0;               // samples in the cell (may exceed samples.size())
    std::vector<CellSample> samples; // at most `limit`, most confident first
};

// split is "val" or "test". Throws dllab::Error when the run has no checkpoint, its dataset
// version is gone, or the split or classes do not exist.
CellSamples cellSamples(workspace::Workspace &ws, int64_t runId, const std::string &split,
                        int64_t trueClass, int64_t predicted, int64_t limit = 200);

} // namespace dllab::exporting
