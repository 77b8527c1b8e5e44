#include "model_tryout.h"

#include "prediction_inputs.h"
#include "predictor.h"
#include "workspace/error.h"

#include <numeric>

namespace dllab::exporting {

struct ModelTryout::Impl {
    Predictor predictor;
};

namespace {

TryoutResult scoresOf(const Predictor &predictor, const torch::Tensor &x, std::string input)
{
    TryoutResult result{std::move(input), {}, {}, {}, {}};
    const torch::Tensor output = predictor.forward(x);
    if (!predictor.target.empty()) {
        result.value = output.reshape({-1})[0].item<double>();
        result.target = predictor.target;
        return result;
    }
    const torch::Tensor probabilities = torch::softmax(output, 1)[0].contiguous();
    const float *p = probabilities.data_ptr<float>();
    for (size_t c = 0; c < predictor.classNames.size(); ++c)
        result.scores.push_back({predictor.classNames[c], double(p[c])});
    return result;
}

} // namespace

ModelTryout::ModelTryout(workspace::Workspace &ws, const std::string &runRef)
    : m_impl(std::make_unique<Impl>(Impl{predictorForRun(ws, runRef)}))
{}

ModelTryout::~ModelTryout() = default;

bool ModelTryout::takesImages() const { return m_impl->predictor.input.image; }
const std::vector<int64_t> &ModelTryout::inputShape() const
{
    return m_impl->predictor.input.shape;
}
const std::vector<std::string> &ModelTryout::columns() const
{
    return m_impl->predictor.input.columns;
}
const std::vector<std::string> &ModelTryout::classNames() const
{
    return m_impl->predictor.classNames;
}
std::string ModelTryout::expectedInput() const
{
    return expectedInputText(m_impl->predictor.input);
}

TryoutResult ModelTryout::predictFile(const std::filesystem::path &file) const
{
    const InputBatch batch = readPredictionInputs({file}, m_impl->predictor.input);
    if (batch.x.size(0) == 0)
        throw Error(file.string() + ": holds no sample; expected " + expectedInput());
    TryoutResult result = scoresOf(m_impl->predictor, batch.x.slice(0, 0, 1), batch.names.front());
    if (takesImages()) {
        // Pixels were read as byte / 255; this gives the bytes back (float IDX images clamped).
        const torch::Tensor bytes =
            batch.x[0].mul(255.0).round().clamp(0, 255).to(torch::kUInt8).contiguous();
        const uint8_t *data = bytes.data_ptr<uint8_t>();
        result.pixels.assign(data, data + bytes.numel());
    }
    return result;
}

TryoutResult ModelTryout::predictValues(const std::vector<double> &values) const
{
    const auto &shape = m_impl->predictor.input.shape;
    const int64_t expected =
        std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<>());
    if (int64_t(values.size()) != expected)
        throw Error("typed " + std::to_string(values.size()) + " values; this model takes "
                    + expectedInput());
    std::vector<int64_t> batchShape{1};
    batchShape.insert(batchShape.end(), shape.begin(), shape.end());
    const torch::Tensor x =
        torch::tensor(values, torch::kFloat64).to(torch::kFloat32).reshape(batchShape);
    return scoresOf(m_impl->predictor, x, "typed values");
}

const std::vector<models::InputColumn> &ModelTryout::typedColumns() const
{
    return m_impl->predictor.input.typed;
}

TryoutResult ModelTryout::predictRow(const std::vector<std::string> &cells) const
{
    std::vector<float> values = typedRowValues(cells, m_impl->predictor.input);
    const torch::Tensor x =
        torch::from_blob(values.data(), {1, int64_t(values.size())}, torch::kFloat).clone();
    return scoresOf(m_impl->predictor, x, "typed row");
}

} // namespace dllab::exporting
