#include "csv_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dllab::datasets {
namespace {

bool parseInteger(std::string_view text, int64_t &value)
{
    text = trimmed(text);
    if (text.size() > 1 && text.front() == '+')
        text.remove_prefix(1);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

} // namespace

std::size_t invalidUtf8At(std::string_view text)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // overlong
            else if (lead == 0xED)
                high = 0x9F; // UTF-16 surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90; // overlong
            else if (lead == 0xF4)
                high = 0x8F; // above U+10FFFF
        } else {
            return i;
        }
        if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high)
            return i;
        for (std::size_t k = 2; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string cellText(std::string_view text)
{
    std::string result(text.substr(0, 40));
    std::replace(result.begin(), result.end(), '\n', ' ');
    std::replace(result.begin(), result.end(), '\r', ' ');
    if (text.size() > 40)
        result += "...";
    return "'" + result + "'";
}

int64_t LabelTable::add(std::string_view text)
{
    const auto id = int64_t(m_texts.size());
    m_ids.emplace(std::string(text), id);
    m_texts.emplace_back(text);
    return id;
}

const std::vector<std::string> &defaultMissingMarkers()
{
    static const std::vector<std::string> markers{"", "na", "n/a", "nan", "null", "?", "."};
    return markers;
}

bool isMissingMarker(std::string_view cell, const std::vector<std::string> &markers)
{
    for (const auto &marker : markers)
        if (marker.size() == cell.size()
            && std::equal(cell.begin(), cell.end(), marker.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == b;
               }))
            return true;
    return false;
}

std::vector<std::string> LabelTable::finish(std::vector<int64_t> &labels) const
{
    const std::size_t count = m_texts.size();
    std::vector<int64_t> numbers(count);
    bool integers = true;
    for (std::size_t i = 0; i < count && integers; ++i)
        integers = parseInteger(m_texts[i], numbers[i]);
    std::vector<std::string> classes;
    std::vector<int64_t> remap(count);
    if (integers) {
        std::vector<int64_t> sorted = numbers;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end()); // "1" and "01"
        for (std::size_t i = 0; i < count; ++i)
            remap[i] = std::lower_bound(sorted.begin(), sorted.end(), numbers[i]) - sorted.begin();
        for (const auto number : sorted)
            classes.push_back(std::to_string(number));
    } else {
        std::vector<std::size_t> order(count);
        for (std::size_t i = 0; i < count; ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return m_texts[a] < m_texts[b]; });
        for (std::size_t rank = 0; rank < count; ++rank) {
            remap[order[rank]] = int64_t(rank);
            classes.push_back(m_texts[order[rank]]);
        }
    }
    for (auto &label : labels)
        label = remap[std::size_t(label)];
    return classes;
}

} // namespace dllab::datasets
