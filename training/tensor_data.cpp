#include "tensor_data.h"

#include <cmath>

namespace dllab::training {

namespace {

constexpr int64_t kEvalBatch = 1024;

torch::Tensor indexTensor(const std::vector<int64_t> &indices)
{
    return torch::tensor(torch::ArrayRef<int64_t>(indices), torch::kLong);
}

} // namespace

TensorData toTensors(const datasets::DatasetContent &content, const RunSplits &splits,
                     const torch::Device &device)
{
    std::vector<int64_t> shape{content.samples()};
    shape.insert(shape.end(), content.featureShape.begin(), content.featureShape.end());
    torch::Tensor all;
    if (content.kind == datasets::DatasetKind::Image) {
        // from_blob does not copy; the division makes the owned float tensor.
        auto *pixels = const_cast<uint8_t *>(content.pixels.data());
        all = torch::from_blob(pixels, shape, torch::kUInt8).to(torch::kFloat).div_(255.0);
    } else {
        auto *values = const_cast<float *>(content.values.data());
        all = torch::from_blob(values, shape, torch::kFloat).clone();
    }
    const bool regression = content.task == datasets::Task::Regression;
    const torch::Tensor labels =
        regression ? torch::tensor(torch::ArrayRef<float>(content.targets), torch::kFloat)
                   : indexTensor(content.labels);
    const auto pick = [&](const std::vector<int64_t> &indices) {
        SplitTensors split;
        if (indices.empty())
            return split;
        const torch::Tensor idx = indexTensor(indices);
        split.x = all.index_select(0, idx).contiguous().to(device);
        split.y = labels.index_select(0, idx).to(device);
        split.indices = indices;
        return split;
    };
    return {pick(splits.train), pick(splits.val), pick(splits.test)};
}

namespace {

// Errors in the target's units, summed in double on the CPU.
Evaluation evaluateRegression(models::ClassifierImpl &model, const SplitTensors &data,
                              const LossFunction &loss)
{
    Evaluation result;
    result.regression = true;
    const int64_t n = data.size();
    if (n == 0)
        return result;
    const torch::Tensor predicted = evaluationLogits(model, data.x).reshape({-1});
    result.loss = loss(predicted, data.y, /*sum=*/true).item<double>() / double(n);
    const torch::Tensor p = predicted.to(torch::kCPU, torch::kDouble).contiguous();
    const torch::Tensor y = data.y.to(torch::kCPU, torch::kDouble).contiguous();
    const double *pv = p.data_ptr<double>(), *yv = y.data_ptr<double>();
    double squares = 0, absolute = 0, sum = 0, sumSquares = 0;
    double low = 0, high = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double error = pv[i] - yv[i];
        squares += error * error;
        absolute += std::abs(error);
        sum += yv[i];
        sumSquares += yv[i] * yv[i];
        low = i == 0 ? error : std::min(low, error);
        high = i == 0 ? error : std::max(high, error);
    }
    const double total = sumSquares - sum * sum / double(n); // about the split's own mean
    result.samples = n;
    result.rmse = std::sqrt(squares / double(n));
    result.mae = absolute / double(n);
    result.r2 = total > 0 ? 1.0 - squares / total : 0.0;
    result.residualLow = low;
    result.residualHigh = high;
    result.residualCounts.assign(20, 0);
    for (int64_t i = 0; i < n; ++i) {
        const double error = pv[i] - yv[i];
        const size_t bin =
            high > low ? std::min<size_t>(19, size_t((error - low) / (high - low) * 20)) : 0;
        ++result.residualCounts[bin];
    }
    // Spread evenly over the split, so a large split still shows its whole range.
    const int64_t stride =
        (n + int64_t(Evaluation::kMaxPoints) - 1) / int64_t(Evaluation::kMaxPoints);
    for (int64_t i = 0; i < n; i += stride) {
        const double index =
            size_t(i) < data.indices.size() ? double(data.indices[size_t(i)]) : double(i);
        result.points.push_back({index, yv[i], pv[i]});
    }
    return result;
}

} // namespace

Evaluation evaluate(models::ClassifierImpl &model, const SplitTensors &data,
                    const LossFunction &loss, int64_t classes)
{
    if (loss.regression())
        return evaluateRegression(model, data, loss);
    Evaluation result;
    result.confusion.assign(size_t(classes), std::vector<int64_t>(size_t(classes), 0));
    const int64_t n = data.size();
    if (n == 0)
        return result;
    torch::NoGradGuard noGrad;
    model.eval();
    const auto device = data.x.device();
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions(torch::kDouble).device(device));
    torch::Tensor confusion =
        torch::zeros({classes * classes}, torch::TensorOptions(torch::kLong).device(device));
    for (int64_t start = 0; start < n; start += kEvalBatch) {
        const int64_t len = std::min(kEvalBatch, n - start);
        const torch::Tensor x = data.x.narrow(0, start, len);
        const torch::Tensor y = data.y.narrow(0, start, len);
        const torch::Tensor logits = model.forward(x);
        lossSum += loss(logits, y, /*sum=*/true).to(torch::kDouble);
        confusion += torch::bincount(y * classes + logits.argmax(1), {}, classes * classes);
    }
    const torch::Tensor counts = confusion.cpu();
    const int64_t *c = counts.data_ptr<int64_t>();
    for (int64_t t = 0; t < classes; ++t)
        for (int64_t p = 0; p < classes; ++p)
            result.confusion[size_t(t)][size_t(p)] = c[t * classes + p];
    scoreConfusion(result);
    result.loss = lossSum.item<double>() / double(n);
    return result;
}

torch::Tensor evaluationLogits(models::ClassifierImpl &model, const torch::Tensor &x)
{
    torch::NoGradGuard noGrad;
    model.eval();
    std::vector<torch::Tensor> chunks;
    for (int64_t start = 0; start < x.size(0); start += kEvalBatch)
        chunks.push_back(
            model.forward(x.narrow(0, start, std::min(kEvalBatch, x.size(0) - start))));
    return chunks.empty() ? torch::empty({0}) : torch::cat(chunks);
}

} // namespace dllab::training
