#pragma once
// A sweep spec as a Katib v1beta1 Experiment (YAML), for taking a sweep to a Kubernetes cluster:
// the same objective, algorithm, parameters, budget and median stopping, with a Job (or
// PyTorchJob) trial template that runs `dllab-cli train` (a run trial) or the sweep's own argv
// (a command trial) in the given image. Pure function; any thread.
#include <nlohmann/json.hpp>

#include <string>

namespace dllab::sweep {

struct KatibOptions {
    std::string image;     // the container image holding dllab-cli (and the workspace)
    std::string name;      // metadata.name; default: the sweep's name made DNS-safe
    std::string workspace; // DLLAB_WORKSPACE inside the container; empty: the image's default
    // The trial's Kubernetes resource: a batch Job, or a Kubeflow PyTorchJob with one Master
    // replica (dllab-cli trains in one process) for clusters that schedule training that way.
    enum class TrialKind { Job, PyTorchJob } trialKind = TrialKind::Job;
};

// Throws dllab::Error on a bad spec or a missing image.
std::string katibExperimentYaml(const nlohmann::json &sweepSpec, const KatibOptions &options);

// "optimizer.lr" -> "optimizer_lr": a trialParameter name Katib substitutes safely.
std::string katibParameterName(const std::string &name);

} // namespace dllab::sweep
