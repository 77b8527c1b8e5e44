#pragma once
// A run's summary (the summary column of its row, written by the training loop after each
// epoch and at the end) as typed values: views and commands read it through fromJson instead of
// walking the JSON. Missing keys (an older run, one that never trained) keep the defaults.
// Plain values, no torch; any thread.
#include "training/class_report.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dllab::training {

struct RunSummary {
    int64_t epochs = 0, steps = 0, bestEpoch = 0;
    double samplesPerSec = 0, trainSeconds = 0;
    std::string bestMetric;          // the monitored metric
    std::optional<double> bestValue; // its best value so far
    bool stoppedEarly = false;
    std::vector<std::string> classes;      // class names, by label
    std::string target;                    // regression: the predicted column; empty for classes
    std::map<std::string, double> metrics; // the last epoch's: train_loss, val_accuracy, ...
    std::optional<Evaluation> val, test;

    // The evaluation of split "val" or "test", when the run has one.
    const Evaluation *evaluation(const std::string &split) const;
    // The best val accuracy when it is the monitored metric, else the last epoch's.
    std::optional<double> valAccuracy() const;

    // `withEvaluations` false leaves val and test empty: a list of runs needs only the headline
    // numbers, not every run's confusion matrix or regression points.
    static RunSummary fromJson(const nlohmann::json &summary, bool withEvaluations = true);
};

} // namespace dllab::training
