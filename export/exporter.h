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

const char *formatName(ExportFormat format); // "torchscript", "onnx", "torchserve", "triton"
// One name or "all"; throws dllab::Error listing the names on anything else.
std::vector<ExportFormat> parseExportFormats(const std::string &name);

struct ExportOptions {
    std::vector<ExportFormat> formats;
    std::filesystem::path out; // a folder; created, and replaced only with `force`
    bool force = false;
    int64_t paritySamples = 256;
    double tolerance = 1e-4; // max abs logit difference allowed
};

// Returns the report: files written, parity (max_abs_diff), timings, the artifact id. Throws
// dllab::Error (parity above tolerance, bad run, unwritable folder) with nothing written.
nlohmann::json exportRun(workspace::Workspace &ws, const std::string &runRef,
                         const ExportOptions &options, const JobContext &ctx = {});

// A run name made safe as a TorchServe / Triton model name ([A-Za-z0-9_-]).
std::string servingModelName(const std::string &runName);

} // namespace dllab::exporting
