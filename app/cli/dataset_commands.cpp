#include "dataset_commands.h"

#include "datasets/dataset_store.h"
#include "datasets/version_json.h"
#include "training/augment_grid.h"
#include "workspace/error.h"
#include "workspace/file_write.h"
#include "workspace/json_text.h"
#include "workspace/workspace.h"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <tuple>

using nlohmann::json;

namespace dllab::cli {

namespace {

using datasets::DatasetStore;
using datasets::VersionInfo;

void printVersion(const VersionInfo &v)
{
    const bool regression = v.task == datasets::Task::Regression;
    const std::string labels = regression ? "regression on '" + v.label + "'"
                                          : std::to_string(v.classes.size()) + " classes";
    std::printf("%s  %s, %lld samples, %s, %s\n", v.ref().c_str(), kindName(v.kind),
                static_cast<long long>(v.samples), datasets::shapeText(v.featureShape).c_str(),
                labels.c_str());
    std::printf("  hash    %s\n  parent  %s\n  created %s\n", v.hash.c_str(),
                v.parent ? ("v" + std::to_string(*v.parent)).c_str() : "-", v.createdAt.c_str());
    if (!v.message.empty())
        std::printf("  message %s\n", v.message.c_str());
    if (regression) {
        const auto &t = v.targetStats;
        if (t.is_object())
            std::printf(
                "  target  %s to %s, mean %.6g, std %.6g\n", t.value("min", json()).dump().c_str(),
                t.value("max", json()).dump().c_str(), t.value("mean", 0.0), t.value("std", 0.0));
    } else {
        std::printf("  classes");
        for (const auto &[name, count] : v.classCounts)
            std::printf(" %s:%lld", name.c_str(), static_cast<long long>(count));
        std::printf("\n");
    }
    for (const auto &column : v.columnStats) {
        std::string detail = column.value("type", "") + ", "
                             + std::to_string(column.value("missing", int64_t(0))) + " missing";
        if (column.contains("min"))
            detail += ", " + column["min"].dump() + " to " + column["max"].dump();
        if (column.contains("first"))
            detail += ", " + column.value("first", "") + " to " + column.value("last", "");
        if (column.contains("values"))
            detail += ", " + std::to_string(column["values"].size()) + " values";
        if (column.contains("distinct"))
            detail += ", " + column["distinct"].dump() + " distinct";
        std::printf("  column  %s (%s)\n", column.value("name", "").c_str(), detail.c_str());
    }
    if (!v.splits.empty()) {
        std::printf("  splits ");
        for (const auto &[name, count] : v.splits)
            std::printf(" %s:%lld", name.c_str(), static_cast<long long>(count));
        std::printf("\n");
    }
}

struct ImportArgs {
    std::vector<std::string> paths;
    std::string name, format = "auto", label, task, message, decimal = ".";
    std::vector<std::string> columns, missing;
    int64_t maxImagePixels = datasets::kDefaultMaxImagePixels;
    std::string imageSize, resize = "fit";
    int channels = 0;
};

// "WxH" (e.g. 64x48) as two whole numbers; throws dllab::Error naming the option otherwise.
std::pair<int, int> parseImageSize(const std::string &text)
{
    const auto x = text.find_first_of("xX");
    int width = 0, height = 0;
    const auto whole = [](std::string_view part, int &value) {
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        return !part.empty() && error == std::errc() && end == part.data() + part.size()
               && value >= 1;
    };
    if (x == std::string::npos || !whole(std::string_view(text).substr(0, x), width)
        || !whole(std::string_view(text).substr(x + 1), height))
        throw Error("--image-size " + text + ": expected WIDTHxHEIGHT, e.g. 64x64");
    return {width, height};
}

struct SplitArgs {
    std::string ref;
    double val = 0.1, test = 0.0;
    uint64_t seed = 0;
};

void addImport(CLI::App &dataset, CliContext &context)
{
    auto args = std::make_shared<ImportArgs>();
    auto *cmd = dataset.add_subcommand("import", "Import files as a new dataset version");
    cmd->add_option("paths", args->paths, "Files or a folder")->required();
    cmd->add_option("--name", args->name, "Dataset name")->required();
    cmd->add_option("--format", args->format, "csv|idx|imagefolder|npy (default: detect)");
    cmd->add_option("--label", args->label, "CSV label column (default: the last)");
    cmd->add_option("--task", args->task,
                    "CSV: classification|regression (default: regression for a numeric label "
                    "with fractions or more than 30 values)")
        ->check(CLI::IsMember({"classification", "regression"}));
    cmd->add_option("--column", args->columns,
                    "CSV column type, NAME=numeric|categorical|date|text|ignore (repeatable)");
    cmd->add_option("--na", args->missing,
                    "CSV missing-value marker besides empty, NA, N/A, NaN, null, ? and . "
                    "(repeatable)");
    cmd->add_option("--decimal", args->decimal, "CSV decimal mark: . or ,")
        ->check(CLI::IsMember({".", ","}));
    cmd->add_option("--message", args->message, "What changed");
    cmd->add_option("--max-image-pixels", args->maxImagePixels,
                    "Refuse images with more pixels than this")
        ->capture_default_str()
        ->check(wholeNumber(1, std::numeric_limits<int64_t>::max()));
    cmd->add_option("--image-size", args->imageSize,
                    "Images: the size all take, WxH (default: theirs when they agree, else their "
                    "median, at most 224 on the longer side)");
    cmd->add_option("--resize", args->resize, "Images of another shape: fit|crop|stretch")
        ->capture_default_str();
    cmd->add_option("--channels", args->channels,
                    "Images: 1 or 3 (default: 3 when any image has colour)");
    cmd->add_flag("--json", context.json, "Print JSON");
    cmd->callback([args, &context] {
        datasets::ImportOptions options;
        options.maxImagePixels = args->maxImagePixels;
        if (!args->imageSize.empty())
            std::tie(options.imageWidth, options.imageHeight) = parseImageSize(args->imageSize);
        options.resize = datasets::parseResizeMode(args->resize);
        options.imageChannels = args->channels;
        options.format = datasets::parseImportFormat(args->format);
        options.labelColumn = args->label;
        if (!args->task.empty())
            options.task = datasets::parseTask(args->task);
        options.decimal = args->decimal.at(0);
        options.missingMarkers = args->missing;
        for (const auto &column : args->columns) {
            const auto equals = column.rfind('=');
            const auto type = equals == std::string::npos
                                  ? std::nullopt
                                  : datasets::parseColumnType(column.substr(equals + 1));
            if (!type || equals == 0)
                throw Error("--column " + column
                            + ": expected NAME=numeric|categorical|date|text|ignore");
            options.columnTypes[column.substr(0, equals)] = *type;
        }
        const std::vector<std::filesystem::path> paths(args->paths.begin(), args->paths.end());
        datasets::ImportResult result;
        context.runJob("import " + args->name, [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            result = DatasetStore(ws).importFiles(args->name, paths, options, args->message, ctx);
        });
        if (context.json) {
            json out = datasets::toJson(result.version);
            out["created"] = result.created;
            out["notes"] = result.notes;
            context.print(out);
        } else if (result.created) {
            printVersion(result.version);
            for (const auto &note : result.notes)
                std::printf("  note    %s\n", note.c_str());
        } else {
            std::printf("identical to %s; no new version\n", result.version.ref().c_str());
        }
    });
}

void addQueries(CLI::App &dataset, CliContext &context)
{
    auto *list = dataset.add_subcommand("list", "Datasets and their versions");
    list->add_flag("--json", context.json, "Print JSON");
    list->callback([&context] {
        workspace::Workspace ws(context.workspacePath());
        const auto all = DatasetStore(ws).list();
        json out = json::array();
        for (const auto &summary : all) {
            json versions = json::array();
            for (const auto &v : summary.versions)
                versions.push_back(datasets::toJson(v));
            out.push_back({{"name", summary.name},
                           {"created_at", summary.createdAt},
                           {"versions", versions}});
            if (!context.json && !summary.versions.empty()) {
                const auto &latest = summary.versions.back();
                std::printf("%-24s %3zu versions  latest %s  %lld samples  %s\n",
                            summary.name.c_str(), summary.versions.size(), latest.ref().c_str(),
                            static_cast<long long>(latest.samples), kindName(latest.kind));
            }
        }
        if (context.json)
            context.print(out);
    });

    auto name = std::make_shared<std::string>();
    auto *log = dataset.add_subcommand("log", "Version history, newest first");
    log->add_option("name", *name, "Dataset")->required();
    log->add_flag("--json", context.json, "Print JSON");
    log->callback([name, &context] {
        workspace::Workspace ws(context.workspacePath());
        json out = json::array();
        for (const auto &v : DatasetStore(ws).log(*name)) {
            out.push_back(datasets::toJson(v));
            if (!context.json)
                std::printf("v%-4d %s  %8lld samples  %.12s  %s\n", v.number, v.createdAt.c_str(),
                            static_cast<long long>(v.samples), v.hash.c_str(), v.message.c_str());
        }
        if (context.json)
            context.print(out);
    });

    auto ref = std::make_shared<std::string>();
    auto *show = dataset.add_subcommand("show", "One version's details");
    show->add_option("ref", *ref, "NAME or NAME@vN")->required();
    show->add_flag("--json", context.json, "Print JSON");
    show->callback([ref, &context] {
        workspace::Workspace ws(context.workspacePath());
        const VersionInfo v = DatasetStore(ws).show(*ref);
        context.json ? context.print(datasets::toJson(v)) : printVersion(v);
    });
}

// verify exits non-zero on a damaged version, so scripts can rely on its status.
void addVerify(CLI::App &dataset, CliContext &context)
{
    auto ref = std::make_shared<std::string>();
    auto *verify = dataset.add_subcommand("verify", "Re-hash a version and check it is intact");
    verify->add_option("ref", *ref, "NAME or NAME@vN")->required();
    verify->add_flag("--json", context.json, "Print JSON");
    verify->callback([ref, &context] {
        datasets::VerifyResult result;
        context.runJob("verify " + *ref, [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            result = DatasetStore(ws).verify(*ref, ctx);
        });
        if (context.json)
            context.print({{"ref", result.version.ref()},
                           {"ok", result.ok},
                           {"hash", result.version.hash},
                           {"problem", result.problem}});
        else if (result.ok)
            std::printf("%s ok (%s)\n", result.version.ref().c_str(), result.version.hash.c_str());
        if (!result.ok)
            throw Error(result.version.ref() + " failed verification: " + result.problem);
    });
}

void addDelete(CLI::App &dataset, CliContext &context)
{
    auto ref = std::make_shared<std::string>();
    auto *cmd = dataset.add_subcommand("delete", "Delete a version no run uses, and its file");
    cmd->add_option("ref", *ref, "NAME@vN")->required();
    cmd->add_flag("--json", context.json, "Print JSON");
    cmd->callback([ref, &context] {
        workspace::Workspace ws(context.workspacePath());
        const VersionInfo v = DatasetStore(ws).remove(*ref);
        context.json ? context.print({{"deleted", v.ref()}, {"hash", v.hash}})
                     : (void)std::printf("deleted %s\n", v.ref().c_str());
    });
}

struct PreviewArgs {
    std::string ref, augmentFile, out;
    uint64_t seed = 0;
};

// The augmentation grid New Run shows, as a PNG file.
void addPreview(CLI::App &dataset, CliContext &context)
{
    auto args = std::make_shared<PreviewArgs>();
    auto *cmd = dataset.add_subcommand("preview", "A PNG grid of augmented training samples");
    cmd->add_option("ref", args->ref, "NAME or NAME@vN (images)")->required();
    cmd->add_option("--augment", args->augmentFile,
                    "JSON file: an \"augment\" object, or a run spec holding one")
        ->required();
    cmd->add_option("--out", args->out, "The PNG to write")->required();
    cmd->add_option("--seed", args->seed, "Random seed")
        ->check(wholeNumber(0, std::numeric_limits<int64_t>::max()));
    cmd->callback([args, &context] {
        json augment = readJsonFile(args->augmentFile);
        if (augment.is_object() && augment.contains("augment"))
            augment = augment["augment"];
        const training::AugmentSpec spec = training::parseAugment(augment);
        workspace::Workspace ws(context.workspacePath());
        DatasetStore store(ws);
        if (const VersionInfo v = store.show(args->ref); v.kind != datasets::DatasetKind::Image)
            throw Error(v.ref() + " is a " + kindName(v.kind)
                        + "; augmentation previews are of image datasets");
        const auto grid = training::augmentGrid(store.load(args->ref), spec, args->seed);
        writeFileBytes(args->out, grid.png);
        std::printf("wrote %s (%dx%d)\n", args->out.c_str(), grid.width, grid.height);
    });
}

void addDiffAndSplit(CLI::App &dataset, CliContext &context)
{
    auto refs = std::make_shared<std::pair<std::string, std::string>>();
    auto *diff = dataset.add_subcommand("diff", "Per-class samples added and removed from A to B");
    diff->add_option("a", refs->first, "NAME@vN")->required();
    diff->add_option("b", refs->second, "NAME@vM")->required();
    diff->add_flag("--json", context.json, "Print JSON");
    diff->callback([refs, &context] {
        datasets::DiffResult result;
        context.runJob("diff", [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            result = DatasetStore(ws).diff(refs->first, refs->second, ctx);
        });
        if (context.json)
            return context.print(datasets::toJson(result));
        std::printf("%s -> %s: +%lld -%lld samples\n", result.from.ref().c_str(),
                    result.to.ref().c_str(), static_cast<long long>(result.added),
                    static_cast<long long>(result.removed));
        for (const auto &c : result.classes)
            std::printf("  %-16s %6lld -> %-6lld +%lld -%lld\n", c.className.c_str(),
                        static_cast<long long>(c.before), static_cast<long long>(c.after),
                        static_cast<long long>(c.added), static_cast<long long>(c.removed));
    });

    auto args = std::make_shared<SplitArgs>();
    auto *split = dataset.add_subcommand("split", "New version with seeded, stratified splits");
    split->add_option("ref", args->ref, "NAME or NAME@vN")->required();
    split->add_option("--val", args->val, "Validation fraction")->check(CLI::Range(0.0, 1.0));
    split->add_option("--test", args->test, "Test fraction (0 keeps an existing test split)")
        ->check(CLI::Range(0.0, 1.0));
    split->add_option("--seed", args->seed, "Random seed")
        ->check(wholeNumber(0, std::numeric_limits<int64_t>::max()));
    split->add_flag("--json", context.json, "Print JSON");
    split->callback([args, &context] {
        datasets::ImportResult result;
        context.runJob("split " + args->ref, [&](const JobContext &ctx) {
            workspace::Workspace ws(context.workspacePath());
            result = DatasetStore(ws).split(args->ref, args->val, args->test, args->seed, ctx);
        });
        if (context.json) {
            json out = datasets::toJson(result.version);
            out["created"] = result.created;
            context.print(out);
        } else {
            result.created ? printVersion(result.version)
                           : (void)std::printf("identical to %s; no new version\n",
                                               result.version.ref().c_str());
        }
    });
}

} // namespace

void addDatasetCommands(CLI::App &app, CliContext &context)
{
    auto *dataset = app.add_subcommand("dataset", "Import and browse versioned datasets");
    dataset->require_subcommand(1);
    addImport(*dataset, context);
    addQueries(*dataset, context);
    addVerify(*dataset, context);
    addDelete(*dataset, context);
    addPreview(*dataset, context);
    addDiffAndSplit(*dataset, context);
}

} // namespace dllab::cli
