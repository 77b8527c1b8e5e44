#pragma once
// TorchServe export: a .mar (a zip) laid out as torch-model-archiver writes it:
// MAR-INF/MANIFEST.json, the TorchScript model.pt, index_to_name.json, the handler
// (torchserve_handler.py, module-level handle(data, context)) and the model card.
// Engine code; any one thread.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dllab::exporting {

inline constexpr const char *kMarHandlerFile = "dllab_handler.py";
inline constexpr const char *kMarSerializedFile = "model.pt";
// The torch-model-archiver release whose MANIFEST.json layout this follows.
inline constexpr const char *kMarArchiverVersion = "0.9.0";

struct MarContents {
    std::string modelName;
    std::filesystem::path torchScriptFile;
    std::vector<std::string> classNames;
    std::string cardJson, cardMarkdown;
};

// MANIFEST.json's text ("createdOn" is local time as dd/mm/YYYY HH:MM:SS, as the archiver).
std::string marManifest(const std::string &modelName);

// Throws dllab::Error naming the file when it cannot be written.
void writeMar(const MarContents &contents, const std::filesystem::path &file);

std::string_view torchServeHandlerSource();

} // namespace dllab::exporting
