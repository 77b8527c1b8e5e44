#pragma once
// A run's data as tensors on its device, built once (images scaled to [0,1]), and evaluation of
// a model on one split. Engine code only; the run's thread.
#include "class_report.h"
#include "data_split.h"
#include "loss.h"
#include "models/classifier.h"

#include <torch/torch.h>

namespace dllab::training {

struct SplitTensors {
    torch::Tensor x;              // float32 N x shape
    torch::Tensor y;              // int64 N class indices, or float32 N regression targets
    std::vector<int64_t> indices; // the samples' indices in the dataset version
    int64_t size() const { return y.defined() ? y.size(0) : 0; }
};

struct TensorData {
    SplitTensors train, val, test;
};

TensorData toTensors(const datasets::DatasetContent &content, const RunSplits &splits,
                     const torch::Device &device);

// Mean loss and accuracy and confusion matrix (classes) or rmse, mae, r2 and predicted-against-
// actual points (regression) of `model` on `data`, in eval mode and without gradients; leaves
// the model in eval mode. `classes` is the model's output count.
Evaluation evaluate(models::ClassifierImpl &model, const SplitTensors &data,
                    const LossFunction &loss, int64_t classes);

// The model's logits for `x`, computed in the batches evaluate() uses, so that per-sample answers
// (a confusion cell's samples) agree with its confusion matrix to the bit. Eval mode, no
// gradients.
torch::Tensor evaluationLogits(models::ClassifierImpl &model, const torch::Tensor &x);

} // namespace dllab::training
