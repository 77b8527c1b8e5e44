#pragma once
// The run spec (DESIGN.md §5): one JSON document that fully describes a training run, the same in
// the GUI, the CLI and sweeps. RunSpec is its checked, typed form. No torch; any thread.
#include <nlohmann/json.hpp>

namespace dllab::datasets {
struct VersionInfo;
}

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dllab::training {

struct OptimizerSpec {
    std::string name = "adam"; // sgd | adam | adamw
    double lr = 1e-3;
    double weightDecay = 0.0;
    double momentum = 0.9; // sgd
    bool nesterov = false; // sgd
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

struct ScheduleSpec {
    std::string name = "constant"; // constant | step | cosine | onecycle
    int64_t stepEpochs = 1;        // step: decay every N epochs
    double gamma = 0.1;            // step: factor per decay
    double minLr = 0.0;            // cosine: floor
    double pctStart = 0.3;         // onecycle: fraction of steps rising to lr
    double divFactor = 25.0;       // onecycle: start at lr / divFactor
    double finalDivFactor = 1e4;   // onecycle: end at start / finalDivFactor
};

struct EarlyStoppingSpec {
    std::string metric = "val_loss"; // val_loss (lower is better) | val_accuracy
    int64_t patience = 3;            // epochs without improvement before stopping
    double minDelta = 0.0;
};

// Image augmentation of the training split (DESIGN.md §5 "augment"): each sample of a batch gets
// its own random flip, shift, rotation, scale, brightness and contrast within these bounds.
struct AugmentSpec {
    bool hflip = false;      // mirror left-right half of the time
    int64_t cropPadding = 0; // shift by up to this many pixels, as a crop of the padded image
    double rotation = 0.0;   // degrees, either way
    double scale = 0.0;      // zoom by a factor within 1 ± scale
    double brightness = 0.0; // add within ± brightness (pixels are 0 to 1)
    double contrast = 0.0;   // stretch around the image's mean by a factor within 1 ± contrast
    // How a rotated or zoomed image is resampled: nearest pixel (torchvision's default for its
    // random rotations and affines, and several times cheaper) or bilinear.
    bool bilinear = false;
};

struct RunSpec {
    std::string dataset; // name or name@vN
    nlohmann::json model;
    OptimizerSpec optimizer;
    ScheduleSpec schedule;
    int64_t batchSize = 128;
    int64_t epochs = 5;
    uint64_t seed = 0;
    std::string device = "auto"; // auto | cpu | cuda | cuda:N
    double valFraction = 0.1;
    double gradClip = 0.0;       // max total gradient norm; 0: off
    int threads = 0;             // intra-op threads; 0: auto (see applyThreads)
    int64_t keepCheckpoints = 1; // the newest N epochs' checkpoints are kept, and the best one
    std::optional<EarlyStoppingSpec> earlyStopping;
    std::optional<AugmentSpec> augment; // image datasets only
    // auto | cross_entropy | mse | huber; auto is cross_entropy for classes, mse for regression.
    std::string loss = "auto";
};

nlohmann::json toJson(const AugmentSpec &augment);
// Throws dllab::Error when the spec augments a version that is not images.
void checkAugment(const RunSpec &spec, const datasets::VersionInfo &version);
AugmentSpec parseAugment(const nlohmann::json &augment); // throws dllab::Error naming the field

// Throws dllab::Error when `loss` does not fit the dataset's task (mse for classes, say).
void checkLoss(const std::string &loss, bool regression);

// Past these a spec is a typo, not a plan (a million epochs of one sample is days of training).
constexpr int64_t kMaxEpochs = 1'000'000;
constexpr int64_t kMaxBatchSize = 1'000'000;

// The example spec with every default filled in (dataset left empty).
nlohmann::json defaultRunSpec();

// Sets `value` at a dotted path of object keys and list indices ("model.hidden.0"); an index may
// be one past a list's end (it appends), and missing steps are created. Errors (dllab::Error)
// start with `origin` ("--set", "parameter") and the path.
void setAtPath(nlohmann::json &spec, const std::string &path, nlohmann::json value,
               const std::string &origin);

// Applies "dotted.path=VALUE" (setAtPath); VALUE is JSON, or taken as a string when it is not
// valid JSON (so --set device=cpu works unquoted). Throws dllab::Error on a malformed assignment.
void setDotted(nlohmann::json &spec, const std::string &assignment);

// `spec` with every missing field at its default, the model's too (by its arch), so --set can
// change one entry of a default list (model.hidden.0=128). Nothing is checked.
nlohmann::json withDefaults(const nlohmann::json &spec);

// Defaults merged under `spec`, then every field checked; throws dllab::Error naming the field.
// Unknown top-level fields are refused so that a typo never silently trains with a default.
RunSpec parseRunSpec(const nlohmann::json &spec);
// parseRunSpec, then the model checked against its dataset version, found among `versions` (a
// dialog checks a spec before the run exists). Throws dllab::Error, "dataset ..." when the
// version is not among them.
RunSpec checkRunSpec(const nlohmann::json &spec,
                     const std::vector<datasets::VersionInfo> &versions);
nlohmann::json toJson(const RunSpec &spec);

// Every metric a run records (per step, per epoch or in its summary; val_ and test_ ones only
// where the dataset has that split): the objectives a sweep of run trials can optimise.
const std::vector<std::string> &runMetricNames();

} // namespace dllab::training
