#pragma once
// JSON text from outside (spec files, --set values, stored documents) parsed with a nesting limit:
// nlohmann::json copies, compares and prints recursively, so a document nested 100,000 deep
// would overflow the stack long after parsing. Any thread.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dllab {

// Deeper than any spec, card or schema dllab writes; far below what the stack can take.
constexpr int kMaxJsonDepth = 64;

// Parses `text`; throws dllab::Error starting with `source` (a file name, "--set value") when it
// is not JSON or nests deeper than kMaxJsonDepth.
nlohmann::json parseJson(std::string_view text, const std::string &source);

// As parseJson, but nullopt for text that is not JSON (still throws when it nests too deep).
std::optional<nlohmann::json> parseJsonIfValid(std::string_view text, const std::string &source);

// Reads a JSON file of at most maxBytes; throws dllab::Error naming the file when it is missing,
// not a regular file, too large, not JSON or too deep.
nlohmann::json readJsonFile(const std::filesystem::path &file, std::uintmax_t maxBytes = 64u << 20);

} // namespace dllab
