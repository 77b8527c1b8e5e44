#pragma once
// Classification quality from a confusion matrix: accuracy, per-class precision, recall, F1.
// Plain values, no torch; any thread.
#include <nlohmann/json.hpp>

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

    // From toJson's form; missing or mistyped keys keep their defaults (a summary is read as
    // stored, by any build).
    static Evaluation fromJson(const nlohmann::json &report);
};

// Fills accuracy, samples and perClass from confusion (loss is left as is).
void scoreConfusion(Evaluation &evaluation);

// {"loss", "accuracy", "samples", "confusion_matrix", "per_class": [{class, precision, ...}]}
nlohmann::json toJson(const Evaluation &evaluation, const std::vector<std::string> &classNames);

} // namespace dllab::training
