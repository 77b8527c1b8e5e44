#pragma once
// "Try it" on a run (the GUI): the run's trained model loaded once, then asked about one input
// at a time — an image, a CSV or IDX file, or a row of typed feature values — answering with
// every class's probability. The header is torch-free so that Qt code can hold one; loading and
// predicting run LibTorch, so call them from a worker thread, one call at a time.
#include "models/model_spec.h"
#include "workspace/workspace.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dllab::exporting {

struct ClassScore {
    std::string label;
    double probability = 0;
};

struct TryoutResult {
    std::string input;              // "digit.png", "rows.csv:1", "typed values"
    std::vector<ClassScore> scores; // every class, in class order (as the chart lists them)
    // Regression models: the predicted value of `target` (scores stay empty).
    std::optional<double> value;
    std::string target;
    // Image models asked about a file: the sample as the model saw it, C x H x W bytes (the
    // decoded file, so a viewer need not decode it again); empty otherwise.
    std::vector<uint8_t> pixels;
};

class ModelTryout {
public:
    // Throws dllab::Error when the run does not exist or has no trained model yet.
    ModelTryout(workspace::Workspace &ws, const std::string &runRef);
    ~ModelTryout();
    ModelTryout(const ModelTryout &) = delete;
    ModelTryout &operator=(const ModelTryout &) = delete;

    bool takesImages() const;
    const std::vector<int64_t> &inputShape() const;  // one sample: {C, H, W} or {F}
    const std::vector<std::string> &columns() const; // tables, when known
    const std::vector<std::string> &classNames() const;
    // "a 28x28 image with 1 channel (model input 1x28x28)" or "4 feature values (a, b, c, d)".
    std::string expectedInput() const;

    // The first sample of an image, CSV or IDX file. Throws dllab::Error naming the file and the
    // shape the model expects when it does not fit.
    TryoutResult predictFile(const std::filesystem::path &file) const;
    // One table row. Throws dllab::Error naming the expected features when the count is wrong.
    TryoutResult predictValues(const std::vector<double> &values) const;
    // Tables with typed columns (text categories, dates, missing cells): the columns a raw row
    // gives, in order; empty for plain numeric tables and images.
    const std::vector<models::InputColumn> &typedColumns() const;
    // One raw row of such a table, a cell per typed column as text ("" is missing). Throws
    // dllab::Error naming the column that does not read.
    TryoutResult predictRow(const std::vector<std::string> &cells) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dllab::exporting
