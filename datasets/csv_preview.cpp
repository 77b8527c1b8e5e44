// The import preview runs the import's own reader (readDataset as a CSV) and only summarises
// what it returns, so the preview cannot disagree with the import. Only the header is read here
// as well: the content lacks the columns the reader dropped or was told to ignore.
#include "csv_preview.h"

#include "gzip_file.h"

#include "workspace/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <utility>

namespace dllab::datasets {
namespace {

constexpr std::size_t kChunkBytes = std::size_t(64) << 10;
// A header longer than this is a quote left open, not column names.
constexpr std::size_t kMaxHeaderBytes = std::size_t(16) << 20;
constexpr int kExamples = 3;

// The delimiter the first line uses most of ',', ';', tab and '|' (a comma when none appears),
// as the reader sniffs it; a .tsv file is tab-separated.
char sniffDelimiter(std::string_view text, const std::filesystem::path &file)
{
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (extension == ".tsv")
        return '\t';
    const std::array<char, 4> candidates{',', ';', '\t', '|'};
    std::array<int, 4> counts{};
    bool quoted = false;
    for (std::size_t i = 0; i < text.size() && (quoted || (text[i] != '\n' && text[i] != '\r'));
         ++i) {
        if (text[i] == '"')
            quoted = !quoted;
        for (std::size_t c = 0; c < candidates.size() && !quoted; ++c)
            counts[c] += text[i] == candidates[c];
    }
    std::size_t best = 0;
    for (std::size_t c = 1; c < candidates.size(); ++c)
        if (counts[c] > counts[best])
            best = c;
    return candidates[best];
}

// The first non-blank record of text split into fields; false when text ends inside it and more
// may follow.
bool splitFirstRecord(std::string_view text, bool atEnd, char delimiter,
                      std::vector<std::string> &fields)
{
    std::size_t p = 0;
    while (p < text.size() && (text[p] == '\n' || text[p] == '\r'))
        ++p;
    fields.clear();
    std::string field;
    bool quoted = false;
    for (; p < text.size(); ++p) {
        const char c = text[p];
        if (quoted) {
            if (c != '"')
                field += c;
            else if (p + 1 < text.size() && text[p + 1] == '"')
                field += text[++p];
            else if (p + 1 == text.size() && !atEnd)
                return false; // "" may be cut by the end of the chunk
            else
                quoted = false;
        } else if (c == '"' && field.empty()) {
            quoted = true;
        } else if (c == delimiter) {
            fields.push_back(std::exchange(field, {}));
        } else if (c == '\n' || c == '\r') {
            fields.push_back(std::move(field));
            return true;
        } else {
            field += c;
        }
    }
    if (!atEnd)
        return false;
    if (quoted)
        throw Error("the header's quoted field is never closed (unterminated quote)");
    if (!field.empty() || !fields.empty())
        fields.push_back(std::move(field));
    return true;
}

int64_t leadingCount(const std::string &note)
{
    int64_t count = 0;
    for (const char c : note) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            break;
        count = count * 10 + (c - '0');
    }
    return count;
}

// Missing cells, categories and the first distinct values of each stored column.
void summariseColumns(const DatasetContent &content, CsvPreview &preview, const JobContext &ctx)
{
    const auto width = std::size_t(content.featureSize());
    std::vector<CsvColumnSummary *> stored(width, nullptr);
    for (auto &column : preview.columns)
        if (column.stored >= 0 && std::size_t(column.stored) < width)
            stored[std::size_t(column.stored)] = &column;
    const auto rows = std::size_t(content.samples());
    for (std::size_t r = 0; r < rows; ++r) {
        if (r % 65536 == 0)
            ctx.throwIfCancelled();
        for (std::size_t k = 0; k < width; ++k) {
            CsvColumnSummary *column = stored[k];
            const float value = content.values[r * width + k];
            if (!column)
                continue;
            if (std::isnan(value))
                ++column->missing;
            else if (column->examples.size() < kExamples
                     && std::find(column->examples.begin(), column->examples.end(), value)
                            == column->examples.end())
                column->examples.push_back(value);
        }
    }
    for (std::size_t k = 0; k < width; ++k)
        if (stored[k])
            stored[k]->distinct = int64_t(content.columnInfo[k].categories.size());
}

DatasetContent headOf(DatasetContent content, int maxRows)
{
    const auto rows =
        std::min<std::size_t>(std::size_t(std::max(maxRows, 0)), std::size_t(content.samples()));
    if (content.task == Task::Regression)
        content.targets.resize(rows);
    else
        content.labels.resize(rows);
    content.targets.shrink_to_fit();
    content.values.resize(rows * std::size_t(content.featureSize()));
    content.values.shrink_to_fit();
    content.labels.shrink_to_fit();
    content.splits.clear();
    return content;
}

} // namespace

std::vector<std::string> readCsvHeader(const std::filesystem::path &file)
{
    const std::string name = file.filename().string();
    GzipFile in(file); // a .csv.gz too
    std::string text;
    std::vector<std::string> fields;
    for (bool atEnd = false;;) {
        const std::size_t had = text.size();
        text.resize(had + kChunkBytes);
        const std::size_t got = in.read(text.data() + had, kChunkBytes);
        text.resize(had + got);
        atEnd = got < kChunkBytes;
        std::string_view body = text;
        if (body.starts_with("\xEF\xBB\xBF"))
            body.remove_prefix(3); // the byte-order mark some spreadsheet programs write
        try {
            if (splitFirstRecord(body, atEnd, sniffDelimiter(body, file), fields))
                break;
        } catch (const Error &e) {
            throw Error(name + ": line 1: " + e.what());
        }
        if (text.size() > kMaxHeaderBytes)
            throw Error(name + ": no header line in the first "
                        + std::to_string(kMaxHeaderBytes >> 20) + " MiB; is a quote left open?");
    }
    if (fields.empty())
        throw Error(name + ": the file is empty; expected a header line and data rows");
    return fields;
}

CsvPreview previewCsv(const std::filesystem::path &file, const ImportOptions &options,
                      const JobContext &ctx, int maxRows)
{
    CsvPreview preview;
    std::vector<std::string> header;
    try {
        header = readCsvHeader(file);
    } catch (const Error &) {
        // The reader below fails the same way and says so in its own words.
    }
    if (!header.empty()) {
        const auto label = options.labelColumn.empty()
                               ? header.end() - 1
                               : std::find(header.begin(), header.end(), options.labelColumn);
        preview.labelIndex = label == header.end() ? -1 : int(label - header.begin());
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
        CsvColumnSummary column;
        column.name = header[i];
        const auto set = options.columnTypes.find(column.name);
        column.forced = set != options.columnTypes.end() && int(i) != preview.labelIndex;
        if (column.forced)
            column.type = set->second;
        column.role = int(i) == preview.labelIndex                         ? ColumnRole::Label
                      : column.forced && column.type == ColumnType::Ignore ? ColumnRole::Ignored
                                                                           : ColumnRole::Feature;
        preview.columns.push_back(std::move(column));
    }

    ImportOptions csv = options;
    csv.format = ImportFormat::Csv;
    DatasetContent content;
    try {
        content = readDataset({file}, csv, ctx);
    } catch (const Cancelled &) {
        throw;
    } catch (const Error &e) {
        preview.error = e.what();
        return preview;
    }

    std::size_t next = 0; // the reader keeps the columns it stores in file order
    for (auto &column : preview.columns) {
        if (column.role != ColumnRole::Feature)
            continue;
        if (next < content.columnNames.size() && content.columnNames[next] == column.name) {
            column.stored = int(next);
            column.type = content.columnType(next);
            ++next;
            continue;
        }
        column.role = ColumnRole::Dropped;
        const std::string prefix = "column '" + column.name + "' dropped: ";
        for (const auto &note : content.notes)
            if (note.starts_with(prefix))
                column.note = note.substr(prefix.size());
    }
    if (preview.labelIndex >= 0) {
        CsvColumnSummary &label = preview.columns[std::size_t(preview.labelIndex)];
        label.distinct =
            content.task == Task::Regression
                ? int64_t(std::set<float>(content.targets.begin(), content.targets.end()).size())
                : int64_t(content.classNames.size());
        for (const auto &note : content.notes)
            if (note.find(" rows left out: their label") != std::string::npos)
                label.missing = leadingCount(note);
    }
    summariseColumns(content, preview, ctx);
    preview.rows = content.samples();
    preview.notes = content.notes;
    preview.head = headOf(std::move(content), maxRows);
    return preview;
}

} // namespace dllab::datasets
