#include "json_text.h"

#include "error.h"
#include "regular_file.h"

#include <fstream>
#include <iterator>

namespace dllab {

namespace {

// Scans brackets outside strings; cheaper than parsing and never recursive.
void checkDepth(std::string_view text, const std::string &source)
{
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth)
                throw Error(source + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth)
                            + " levels (at byte " + std::to_string(i + 1) + ")");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string parseProblem(const nlohmann::json::parse_error &e)
{
    std::string text = e.what();
    if (const auto end = text.find("] "); text.starts_with("[json.exception") && end != text.npos)
        text = text.substr(end + 2);
    return text;
}

} // namespace

nlohmann::json parseJson(std::string_view text, const std::string &source)
{
    checkDepth(text, source);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        throw Error(source + ": not valid JSON: " + parseProblem(e));
    }
}

std::optional<nlohmann::json> parseJsonIfValid(std::string_view text, const std::string &source)
{
    checkDepth(text, source);
    nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded())
        return std::nullopt;
    return value;
}

nlohmann::json readJsonFile(const std::filesystem::path &file, std::uintmax_t maxBytes)
{
    requireRegularFile(file, "a JSON file");
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (!error && size > maxBytes)
        throw Error(file.string() + ": " + std::to_string(size) + " bytes, more than the "
                    + std::to_string(maxBytes) + " a JSON document here may have");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot open the file to read it");
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    return parseJson(text, file.string());
}

} // namespace dllab
