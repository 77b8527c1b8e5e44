#include "exporter.h"

#include "model_card.h"
#include "onnx_export.h"
#include "parity.h"
#include "torchscript_export.h"
#include "torchserve_export.h"
#include "trained_model.h"
#include "training/run_store.h"
#include "triton_export.h"
#include "workspace/error.h"
#include "workspace/regular_file.h"
#include "write_file.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <random>

using nlohmann::json;
namespace fs = std::filesystem;

namespace dllab::exporting {

namespace {

class Stopwatch {
public:
    double lapMs()
    {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - m_last).count();
        m_last = now;
        return ms;
    }

private:
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
};

bool isWithin(const fs::path &inner, const fs::path &outer)
{
    const auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    return o == outer.end();
}

// Where an export may go. Never the workspace or a folder holding it, nor its blob store or
// catalog: replacing them would delete the workspace (a folder such as <workspace>/exports, the
// dialog's default, is fine). Never a symbolic link: replacing it would cut the link. And an
// existing folder is replaced only when asked and only when it holds a previous export, so a
// mistyped --out (a home folder, a project) is never deleted.
void checkOutFolder(const fs::path &out, const fs::path &workspaceDir, bool force)
{
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(out, ec)))
        throw Error(out.string() + " is a symbolic link; give the folder it points to ("
                    + fs::read_symlink(out, ec).string() + ") or another folder");
    const fs::path real = fs::weakly_canonical(out, ec);
    const fs::path ws = fs::weakly_canonical(workspaceDir, ec);
    const bool store =
        isWithin(real, ws / "blobs") || real.filename().string().starts_with("lab.db");
    if (isWithin(ws, real) || (isWithin(real, ws) && store))
        throw Error("cannot export into " + out.string() + ": it "
                    + (isWithin(ws, real) ? "is or holds the workspace "
                                          : "is part of the workspace's own files in ")
                    + ws.string() + "; choose another folder");
    const fs::file_status status = fs::status(out, ec);
    if (!fs::exists(status))
        return;
    if (!fs::is_directory(status))
        throw Error(out.string() + " is " + describeFileType(status.type())
                    + ", not a folder; choose another folder for the export");
    if (fs::is_empty(out, ec))
        return;
    if (!force)
        throw OutputNotEmpty(out.string()
                             + " already holds files; choose another folder, or replace the "
                               "previous export there");
    if (!fs::is_regular_file(out / "model_card.json") || fs::exists(out / "lab.db"))
        throw Error("will not replace " + out.string()
                    + ": it is not a previous export (it has "
                      "no model_card.json), so nothing there was changed; choose another folder");
}

// The temporary folder beside the destination (same file system, so the final rename is
// atomic); removed on destruction unless committed.
class StagingDir {
public:
    explicit StagingDir(const fs::path &out)
    {
        std::random_device random;
        const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
        fs::create_directories(parent);
        m_path = parent
                 / ("." + out.filename().string() + ".export-" + std::to_string(getpid()) + "-"
                    + std::to_string(random()));
        fs::create_directory(m_path);
    }
    ~StagingDir()
    {
        std::error_code ignored;
        if (!m_path.empty())
            fs::remove_all(m_path, ignored);
    }
    const fs::path &path() const { return m_path; }

    void commit(const fs::path &out, const fs::path &workspaceDir, bool force)
    {
        std::error_code ec;
        fs::path old;
        checkOutFolder(out, workspaceDir, force); // again: the folder may have changed meanwhile
        if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out))) {
            old = m_path.string() + ".old";
            fs::rename(out, old);
        }
        fs::rename(m_path, out, ec);
        if (ec) {
            if (!old.empty())
                fs::rename(old, out, ec);
            throw Error("cannot move the export into " + out.string() + ": " + ec.message());
        }
        m_path.clear();
        if (!old.empty())
            fs::remove_all(old, ec);
    }

private:
    fs::path m_path;
};

bool wants(const ExportOptions &o, ExportFormat f)
{
    return std::find(o.formats.begin(), o.formats.end(), f) != o.formats.end();
}

json parityCheck(workspace::Workspace &ws, const TrainedModel &t, const fs::path &torchScript,
                 const ExportOptions &options)
{
    const ParityBatch batch = parityBatch(ws, t, options.paritySamples);
    LoadedTorchScript loaded = loadTorchScript(torchScript);
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = t.model->forward(batch.x);
    const torch::Tensor got = loaded.module.forward({batch.x}).toTensor();
    const double diff = maxAbsDiff(expected, got);
    json parity{{"compared", "exported TorchScript (loaded back through LibTorch) vs the trained "
                             "model, logits"},
                {"samples", batch.x.size(0)},
                {"data", batch.source},
                {"max_abs_diff", diff},
                {"tolerance", options.tolerance},
                {"passed", diff <= options.tolerance}};
    if (!(diff <= options.tolerance))
        throw Error("export parity check failed: the exported TorchScript's logits differ from "
                    "the trained model's by up to "
                    + std::to_string(diff) + " (tolerance " + std::to_string(options.tolerance)
                    + ") on " + batch.source + "; nothing was written");
    return parity;
}

int64_t recordArtifact(workspace::Workspace &ws, const TrainedModel &t, const fs::path &primary,
                       json meta)
{
    auto pending = ws.blobs().newPending(primary.extension().string());
    fs::copy_file(primary, pending.path(), fs::copy_options::overwrite_existing);
    const std::string blob = ws.blobs().add(pending);
    meta["file"] = primary.filename().string();
    return training::RunStore(ws).addArtifact(t.run.id, "export", blob, meta);
}

} // namespace

const char *formatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::TorchScript:
        return "torchscript";
    case ExportFormat::Onnx:
        return "onnx";
    case ExportFormat::TorchServe:
        return "torchserve";
    case ExportFormat::Triton:
        return "triton";
    }
    return "?";
}

std::vector<ExportFormat> parseExportFormats(const std::string &name)
{
    const std::vector<ExportFormat> all{ExportFormat::TorchScript, ExportFormat::Onnx,
                                        ExportFormat::TorchServe, ExportFormat::Triton};
    if (name == "all")
        return all;
    for (ExportFormat f : all)
        if (name == formatName(f))
            return {f};
    throw Error("export format \"" + name
                + "\" is not one of torchscript, onnx, torchserve, triton, all");
}

std::string servingModelName(const std::string &runName)
{
    std::string name;
    for (char c : runName)
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
    return name.empty() ? std::string("model") : name;
}

json exportRun(workspace::Workspace &ws, const std::string &runRef, const ExportOptions &options,
               const JobContext &ctx)
{
    if (options.formats.empty())
        throw Error("export: no format given");
    if (options.out.empty())
        throw Error("export: no output folder given (--out)");
    if (!std::isfinite(options.tolerance) || options.tolerance < 0)
        throw Error("export: the parity tolerance must be a finite number >= 0, not "
                    + std::to_string(options.tolerance));
    if (options.paritySamples < 1 || options.paritySamples > kMaxParitySamples)
        throw Error("export: the parity check compares 1 to " + std::to_string(kMaxParitySamples)
                    + " samples, not " + std::to_string(options.paritySamples));
    fs::path out = fs::absolute(options.out).lexically_normal();
    if (!out.has_filename())
        out = out.parent_path(); // "dir/" names dir
    checkOutFolder(out, ws.dir(), options.force);
    Stopwatch clock, total;
    json timings;
    ctx.progress(0.0, "loading the trained model");
    const TrainedModel t = loadTrainedModel(ws, runRef);
    const ModelGraph graph = buildGraph(*t.model, t.modelSpec, t.input);
    const std::string name = servingModelName(t.run.name);
    const json card = modelCard(t, name, utcNow());
    const std::string cardJson = card.dump(2), cardMarkdown = modelCardMarkdown(card);
    timings["load_ms"] = clock.lapMs();

    StagingDir staging(out);
    const fs::path dir = staging.path();
    // TorchScript is written whatever the formats: parity runs on it, and the .mar and the Triton
    // repository carry it. The same for ONNX and Triton.
    ctx.progress(0.1, "writing TorchScript");
    saveTorchScript(graph, cardJson, dir / "model.pt");
    timings["torchscript_ms"] = clock.lapMs();
    ctx.throwIfCancelled();
    ctx.progress(0.3, "checking parity");
    const json parity = parityCheck(ws, t, dir / "model.pt", options);
    timings["parity_ms"] = clock.lapMs();
    if (wants(options, ExportFormat::Onnx) || wants(options, ExportFormat::Triton)) {
        ctx.progress(0.5, "writing ONNX");
        saveOnnx(graph, cardJson, dir / "model.onnx");
        timings["onnx_ms"] = clock.lapMs();
    }
    if (wants(options, ExportFormat::TorchServe)) {
        ctx.progress(0.7, "writing the TorchServe archive");
        writeMar({name, dir / "model.pt", t.classNames, cardJson, cardMarkdown},
                 dir / (name + ".mar"));
        timings["torchserve_ms"] = clock.lapMs();
    }
    if (wants(options, ExportFormat::Triton)) {
        ctx.progress(0.8, "writing the Triton repository");
        writeTritonRepository({name, t.input.shape, t.input.classes, t.classNames, dir / "model.pt",
                               dir / "model.onnx", cardJson, cardMarkdown},
                              dir / "triton");
        timings["triton_ms"] = clock.lapMs();
    }
    if (!wants(options, ExportFormat::TorchScript))
        fs::remove(dir / "model.pt");
    if (!wants(options, ExportFormat::Onnx))
        fs::remove(dir / "model.onnx");
    writeText(dir / "model_card.json", cardJson);
    writeText(dir / "model_card.md", cardMarkdown);

    json files = json::array();
    for (const auto &entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
            files.push_back(
                {{"path", fs::relative(entry.path(), dir).string()}, {"bytes", entry.file_size()}});
    std::sort(files.begin(), files.end(),
              [](const json &a, const json &b) { return a["path"] < b["path"]; });
    ctx.throwIfCancelled();
    staging.commit(out, ws.dir(), options.force);

    json formats = json::array();
    for (ExportFormat f : options.formats)
        formats.push_back(formatName(f));
    json report{{"run_id", t.run.id}, {"run", t.run.name},
                {"model_name", name}, {"out", out.string()},
                {"formats", formats}, {"files", files},
                {"parity", parity},   {"max_abs_diff", parity["max_abs_diff"]},
                {"model_card", card}};
    const fs::path primary = wants(options, ExportFormat::TorchScript) ? out / "model.pt"
                             : wants(options, ExportFormat::Onnx)      ? out / "model.onnx"
                             : wants(options, ExportFormat::TorchServe)
                                 ? out / (name + ".mar")
                                 : out / "triton" / name / "1" / "model.pt";
    json meta{{"out", out.string()},
              {"formats", formats},
              {"parity", parity},
              {"exported_at", card["exported_at"]}};
    timings["write_ms"] = clock.lapMs();
    report["artifact_id"] = recordArtifact(ws, t, primary, meta);
    timings["total_ms"] = total.lapMs();
    report["timings"] = timings;
    ctx.progress(1.0, "exported to " + out.string());
    return report;
}

} // namespace dllab::exporting
