#include "class_report.h"

namespace dllab::training {

void scoreConfusion(Evaluation &e)
{
    const size_t k = e.confusion.size();
    e.perClass.assign(k, {});
    std::vector<int64_t> predicted(k, 0);
    int64_t correct = 0, total = 0;
    for (size_t t = 0; t < k; ++t) {
        for (size_t p = 0; p < k; ++p) {
            predicted[p] += e.confusion[t][p];
            e.perClass[t].support += e.confusion[t][p];
        }
        correct += e.confusion[t][t];
        total += e.perClass[t].support;
    }
    for (size_t c = 0; c < k; ++c) {
        auto &s = e.perClass[c];
        const double tp = double(e.confusion[c][c]);
        // An empty denominator scores 0, as scikit-learn's zero_division=0 does.
        s.precision = predicted[c] ? tp / double(predicted[c]) : 0.0;
        s.recall = s.support ? tp / double(s.support) : 0.0;
        s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall)
                                          : 0.0;
    }
    e.samples = total;
    e.accuracy = total ? double(correct) / double(total) : 0.0;
}

nlohmann::json toJson(const Evaluation &e, const std::vector<std::string> &classNames)
{
    if (e.regression)
        return {{"loss", e.loss},
                {"rmse", e.rmse},
                {"mae", e.mae},
                {"r2", e.r2},
                {"samples", e.samples},
                {"points", e.points},
                {"residuals",
                 {{"low", e.residualLow}, {"high", e.residualHigh}, {"counts", e.residualCounts}}}};
    nlohmann::json perClass = nlohmann::json::array();
    for (size_t c = 0; c < e.perClass.size(); ++c) {
        const auto &s = e.perClass[c];
        perClass.push_back({{"class", c < classNames.size() ? classNames[c] : std::to_string(c)},
                            {"precision", s.precision},
                            {"recall", s.recall},
                            {"f1", s.f1},
                            {"support", s.support}});
    }
    return {{"loss", e.loss},
            {"accuracy", e.accuracy},
            {"samples", e.samples},
            {"confusion_matrix", e.confusion},
            {"per_class", perClass}};
}

Evaluation Evaluation::fromJson(const nlohmann::json &report)
{
    Evaluation e;
    if (!report.is_object())
        return e;
    e.loss = report.value("loss", 0.0);
    e.accuracy = report.value("accuracy", 0.0);
    e.samples = report.value("samples", int64_t(0));
    e.confusion = report.value("confusion_matrix", e.confusion);
    e.regression = report.contains("rmse");
    if (e.regression) {
        e.rmse = report.value("rmse", 0.0);
        e.mae = report.value("mae", 0.0);
        e.r2 = report.value("r2", 0.0);
        e.points = report.value("points", e.points);
        const nlohmann::json residuals = report.value("residuals", nlohmann::json::object());
        e.residualLow = residuals.value("low", 0.0);
        e.residualHigh = residuals.value("high", 0.0);
        e.residualCounts = residuals.value("counts", e.residualCounts);
    }
    for (const nlohmann::json &row : report.value("per_class", nlohmann::json::array()))
        e.perClass.push_back({row.value("precision", 0.0), row.value("recall", 0.0),
                              row.value("f1", 0.0), row.value("support", int64_t(0))});
    return e;
}

} // namespace dllab::training
