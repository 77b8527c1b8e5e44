#pragma once
// Text helpers of the CSV reader: UTF-8 checking, cell display, and the table of distinct labels
// that turns label text into class indices, and the missing-value markers (which prediction
// inputs share). Use from one thread.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dllab::datasets {

// Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), or npos.
std::size_t invalidUtf8At(std::string_view text);
// Without the spaces and tabs around it.
std::string_view trimmed(std::string_view text);
// A cell as an error message quotes it: short, on one line, in quotes.
std::string cellText(std::string_view text);

// The cells every table reader takes as missing, lower case: empty, NA, N/A, NaN, null, ?, .
const std::vector<std::string> &defaultMissingMarkers();
// True when `cell` (trimmed) is one of `markers` (lower case), ignoring case.
bool isMissingMarker(std::string_view cell, const std::vector<std::string> &markers);

// Distinct labels in order of first appearance, then sorted into classes at the end.
class LabelTable {
public:
    // The id of text, or -1 when it is new. Rows of one class often follow each other, so the
    // last label is compared before the hash table.
    int64_t find(std::string_view text)
    {
        if (m_lastId >= 0 && text == m_last)
            return m_lastId;
        const auto found = m_ids.find(text);
        if (found == m_ids.end())
            return -1;
        m_last = found->first;
        m_lastId = found->second;
        return m_lastId;
    }
    int64_t add(std::string_view text);
    std::size_t size() const { return m_texts.size(); }
    const std::string &text(std::size_t id) const { return m_texts[id]; }
    // Class names sorted numerically when every label is an integer ("2" before "10"), else by
    // text, so that the same data always gets the same indices; ids in labels become indices.
    std::vector<std::string> finish(std::vector<int64_t> &labels) const;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const
        {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> m_ids;
    std::vector<std::string> m_texts;
    std::string_view m_last; // a key of m_ids; its nodes never move
    int64_t m_lastId = -1;
};

} // namespace dllab::datasets
