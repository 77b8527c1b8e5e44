#pragma once
// dllab-cli export (and the GUI's Export dialog): a finished run's model written in the formats
// serving systems load, each with its model card, after a parity check of the exported
// TorchScript against the trained model. Everything is written into a temporary folder next to
// the destination and renamed into place at the end, so a failed export leaves nothing behind.
// Engine code; call from a job thread with that thread's Workspace.
#include "workspace/job_context.h"
#include "workspace/workspace.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace dllab::exporting {

enum class ExportFormat { TorchScript, Onnx, TorchServe, Triton };

// The output folder holds files and replacing it was not asked for. Each front end adds how to
// ask in its own words (the CLI's --force, the dialog's Replace box).
class OutputNotEmpty : public Error {
public:
    using Error::Error;
};

const char *formatName(ExportFormat format); // "torchscript", "onnx", "torchserve", "triton"
// One name or "all"; throws dllab::Error listing the names on anything else.
std::vector<ExportFormat> parseExportFormats(const std::string &name);

// More samples than this make the parity check slower without making it surer.
constexpr int64_t kMaxParitySamples = 100000;

struct ExportOptions {
    std::vector<ExportFormat> formats;
    // A folder; created. With `force` a previous export there is replaced once the new one is
    // complete; never the workspace (or a folder inside or above it), a symlink or other folders.
    std::filesystem::path out;
    bool force = false;
    int64_t paritySamples = 256; // 1..kMaxParitySamples
    double tolerance = 1e-4;     // max abs logit difference allowed
};

// Returns the report: files written, parity (max_abs_diff), timings, the artifact id. Throws
// dllab::Error (parity above tolerance, bad run, unwritable folder) with nothing written.
nlohmann::json exportRun(workspace::Workspace &ws, const std::string &runRef,
                         const ExportOptions &options, const JobContext &ctx = {});

// A run name made safe as a TorchServe / Triton model name ([A-Za-z0-9_-]).
std::string servingModelName(const std::string &runName);

} // namespace dllab::exporting
