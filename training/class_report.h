#pragma once
// A model's quality on one split: for classes, accuracy, per-class precision, recall and F1 from
// a confusion matrix; for regression, errors in the target's units. Plain values, no torch;
// any thread.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dllab::training {

struct ClassScores {
    double precision = 0, recall = 0, f1 = 0;
    int64_t support = 0; // true samples of the class
};

struct Evaluation {
    double loss = 0, accuracy = 0;
    int64_t samples = 0;
    // confusion[true][predicted]
    std::vector<std::vector<int64_t>> confusion;
    std::vector<ClassScores> perClass;
    // Regression: errors in the target's units; `points` holds (sample index in the dataset
    // version, actual, predicted) for at most kMaxPoints samples spread over the split, and
    // residualCounts a 20-bin histogram of every predicted - actual between residualLow/High.
    bool regression = false;
    double rmse = 0, mae = 0, r2 = 0;
    std::vector<std::array<double, 3>> points;
    std::vector<int64_t> residualCounts;
    double residualLow = 0, residualHigh = 0;
    static constexpr size_t kMaxPoints = 2000;

    // From toJson's form; missing or mistyped keys keep their defaults (a summary is read as
    // stored, by any build).
    static Evaluation fromJson(const nlohmann::json &report);
};

// Fills accuracy, samples and perClass from confusion (loss is left as is).
void scoreConfusion(Evaluation &evaluation);

// {"loss", "accuracy", "samples", "confusion_matrix", "per_class": [{class, precision, ...}]};
// regression: {"loss", "rmse", "mae", "r2", "samples", "points", "residuals"}
nlohmann::json toJson(const Evaluation &evaluation, const std::vector<std::string> &classNames);

} // namespace dllab::training
