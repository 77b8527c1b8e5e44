// CSV (RFC 4180) into a table dataset. The file is read in 1 MiB chunks and parsed in place by a
// hand-written state machine: numeric cells go straight from the buffer through std::from_chars,
// and only quoted cells and labels ever touch a std::string. A record cut by the end of a chunk
// is parsed again once the rest of it has been read.
#include "importers.h"

#include "csv_text.h"
#include "workspace/error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace dllab::datasets {
namespace {

constexpr std::size_t chunkBytes = std::size_t(1) << 20;
// One record larger than this is almost surely a quote left open; stop before buffering the file.
constexpr std::size_t maxRecordBytes = std::size_t(256) << 20;

// Bit for bit what std::from_chars gives, for the cells most numeric CSVs hold: at most 7 digits
// and no exponent. Such a mantissa and 10^fraction are exact floats, so one IEEE division rounds
// correctly (Clinger's fast path) and the general parser is skipped. False: not such a cell.
bool shortDecimal(const char *p, const char *end, float &value, const char *&stop)
{
    static constexpr float powers[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f};
    const bool negative = p < end && *p == '-';
    p += negative;
    uint32_t mantissa = 0;
    int digits = 0, fraction = 0;
    for (; p < end && unsigned(*p - '0') < 10 && digits < 8; ++p, ++digits)
        mantissa = mantissa * 10 + unsigned(*p - '0');
    if (p < end && *p == '.') {
        const char *first = ++p;
        for (; p < end && unsigned(*p - '0') < 10 && digits < 8; ++p, ++digits)
            mantissa = mantissa * 10 + unsigned(*p - '0');
        fraction = int(p - first);
    }
    if (digits == 0 || digits > 7
        || (p < end && (*p == 'e' || *p == 'E' || unsigned(*p - '0') < 10)))
        return false;
    const float magnitude = float(mantissa) / powers[fraction];
    value = negative ? -magnitude : magnitude;
    stop = p;
    return true;
}

class CsvReader {
public:
    CsvReader(const std::filesystem::path &file, std::string labelColumn, const JobContext &ctx)
        : m_path(file), m_name(file.filename().string()), m_labelColumn(std::move(labelColumn)),
          m_ctx(ctx)
    {
        std::string extension = file.extension().string();
        std::transform(extension.begin(), extension.end(), extension.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (extension == ".tsv")
            m_delimiter = '\t';
    }

    DatasetContent read();

private:
    enum class Step { Done, NeedMore };
    struct Field {
        std::string_view text;
        bool endsRecord = false;
    };

    void refill();
    Step parseHeader(const char *&pos, const char *end);
    Step parseRecord(const char *&pos, const char *end);
    Step parseFields(const char *&p, const char *end);
    int countFields(const char *p, const char *end);
    bool skipBlankLine(const char *&p, const char *end, Step &step);
    bool scanField(const char *&p, const char *end, int column, Field &field, int &newlines);
    bool endField(const char *&p, const char *terminator, const char *end, bool &endsRecord);
    float slowNumber(std::string_view text, int column) const;
    int64_t labelId(std::string_view text, int column);
    void reserveRows();
    [[noreturn]] void fail(int column, const std::string &what) const;
    [[noreturn]] void failLine(const std::string &what) const;
    [[noreturn]] void failRagged(int fields) const;

    std::filesystem::path m_path;
    std::string m_name;
    std::string m_labelColumn;
    const JobContext &m_ctx;
    char m_delimiter = ',';

    std::unique_ptr<std::FILE, int (*)(std::FILE *)> m_file{nullptr, &std::fclose};
    std::uintmax_t m_fileSize = 0;
    std::uintmax_t m_bytesRead = 0;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0, m_end = 0;
    bool m_eof = false;
    int64_t m_line = 1; // where the record being parsed starts

    std::vector<std::string> m_columns;
    int m_labelIndex = -1;
    std::vector<float> m_row;
    std::vector<float> m_values;
    std::vector<int64_t> m_labels; // ids in m_labelTable until it finishes
    LabelTable m_labelTable;
    std::string m_scratch;
};

void CsvReader::fail(int column, const std::string &what) const
{
    std::string name = column < int(m_columns.size()) ? m_columns[std::size_t(column)] : "";
    throw Error(m_name + ": line " + std::to_string(m_line) + ", column "
                + std::to_string(column + 1) + (m_columns.empty() ? "" : " ('" + name + "')") + ": "
                + what);
}

void CsvReader::failLine(const std::string &what) const
{
    throw Error(m_name + ": line " + std::to_string(m_line) + ": " + what);
}

void CsvReader::failRagged(int fields) const
{
    failLine(std::to_string(fields) + " fields, expected " + std::to_string(m_columns.size())
             + " like the header");
}

void CsvReader::refill()
{
    const std::size_t kept = m_end - m_begin;
    if (m_begin > 0 && kept > 0)
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, kept);
    m_begin = 0;
    m_end = kept;
    // One byte stays free for the newline added at the end of the file.
    if (m_end + 1 >= m_buffer.size()) {
        if (m_buffer.size() >= maxRecordBytes)
            failLine("a record longer than " + std::to_string(maxRecordBytes >> 20)
                     + " MiB; is a quote left open?");
        m_buffer.resize(m_buffer.size() * 2);
    }
    const std::size_t wanted = m_buffer.size() - 1 - m_end;
    const std::size_t got = std::fread(m_buffer.data() + m_end, 1, wanted, m_file.get());
    m_end += got;
    m_bytesRead += got;
    if (got < wanted) {
        if (std::ferror(m_file.get()))
            throw Error(m_name + ": read error after " + std::to_string(m_bytesRead) + " bytes");
        m_eof = true;
        // A final record without a line end gets one, so that every record ends the same way.
        if (m_end > 0 && m_buffer[m_end - 1] != '\n' && m_buffer[m_end - 1] != '\r')
            m_buffer[m_end++] = '\n';
    }
}

// Consumes the line end at terminator (",", "\n", "\r\n" or a lone "\r").
bool CsvReader::endField(const char *&p, const char *terminator, const char *end, bool &endsRecord)
{
    const char c = *terminator;
    if (c == m_delimiter) {
        endsRecord = false;
        p = terminator + 1;
        return true;
    }
    endsRecord = true;
    if (c == '\r') {
        if (terminator + 1 == end) {
            if (!m_eof)
                return false;
            p = terminator + 1;
            return true;
        }
        p = terminator + (terminator[1] == '\n' ? 2 : 1);
        return true;
    }
    p = terminator + 1;
    return true;
}

// Reads one field at p, unquoting it into m_scratch when quoted. False: the buffer ends first.
bool CsvReader::scanField(const char *&p, const char *end, int column, Field &field, int &newlines)
{
    if (p == end)
        return false;
    if (*p != '"') {
        const char *q = p;
        while (q < end && *q != m_delimiter && *q != '\n' && *q != '\r')
            ++q;
        if (q == end)
            return false;
        field.text = std::string_view(p, std::size_t(q - p));
        return endField(p, q, end, field.endsRecord);
    }
    m_scratch.clear();
    const char *q = p + 1;
    int seen = 0;
    for (;;) {
        const auto *quote = static_cast<const char *>(std::memchr(q, '"', std::size_t(end - q)));
        if (!quote) {
            if (m_eof)
                fail(column, "a quoted field is never closed (unterminated quote)");
            return false;
        }
        seen += int(std::count(q, quote, '\n'));
        m_scratch.append(q, quote);
        if (quote + 1 == end) {
            if (m_eof)
                fail(column, "a quoted field is never closed (unterminated quote)");
            return false;
        }
        if (quote[1] == '"') { // "" stands for one quote
            m_scratch.push_back('"');
            q = quote + 2;
            continue;
        }
        q = quote + 1;
        break;
    }
    if (*q != m_delimiter && *q != '\n' && *q != '\r')
        fail(column, "unexpected " + cellText(std::string_view(q, 1)) + " after a closing quote");
    if (!endField(p, q, end, field.endsRecord))
        return false;
    newlines += seen;
    field.text = m_scratch;
    return true;
}

bool CsvReader::skipBlankLine(const char *&p, const char *end, Step &step)
{
    if (*p != '\n' && *p != '\r')
        return false;
    bool endsRecord = false;
    if (!endField(p, p, end, endsRecord)) {
        step = Step::NeedMore;
        return true;
    }
    ++m_line;
    step = Step::Done;
    return true;
}

CsvReader::Step CsvReader::parseHeader(const char *&pos, const char *end)
{
    const char *p = pos;
    Step step;
    if (skipBlankLine(p, end, step)) {
        if (step == Step::Done)
            pos = p;
        return step;
    }
    std::vector<std::string> names;
    int newlines = 0;
    for (Field field; !field.endsRecord;) {
        if (!scanField(p, end, int(names.size()), field, newlines))
            return Step::NeedMore;
        if (const auto bad = invalidUtf8At(field.text); bad != std::string_view::npos)
            fail(int(names.size()), "invalid UTF-8 in the column name (byte "
                                        + std::to_string(bad + 1) + " of the cell)");
        names.emplace_back(field.text);
    }
    m_columns = std::move(names);
    if (m_columns.size() < 2)
        failLine("the header has one column; a table needs feature columns and a label column");
    if (m_labelColumn.empty()) {
        m_labelIndex = int(m_columns.size()) - 1;
    } else {
        const auto found = std::find(m_columns.begin(), m_columns.end(), m_labelColumn);
        if (found == m_columns.end()) {
            std::string list;
            for (const auto &name : m_columns)
                list += (list.empty() ? "'" : ", '") + name + "'";
            throw Error(m_name + ": no column named '" + m_labelColumn + "' for the labels; the"
                        + " columns are " + list);
        }
        m_labelIndex = int(found - m_columns.begin());
    }
    m_row.resize(m_columns.size() - 1);
    m_line += 1 + newlines;
    pos = p;
    return Step::Done;
}

float CsvReader::slowNumber(std::string_view text, int column) const
{
    if (const auto bad = invalidUtf8At(text); bad != std::string_view::npos)
        fail(column, "invalid UTF-8 (byte " + std::to_string(bad + 1) + " of the cell)");
    std::string_view number = trimmed(text);
    if (number.empty())
        fail(column, "empty cell; every feature needs a number");
    if (number.size() > 1 && number.front() == '+')
        number.remove_prefix(1);
    float value = 0;
    const auto [stop, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (stop != number.data() + number.size() || error == std::errc::invalid_argument)
        fail(column, cellText(text) + " is not a number");
    if (error == std::errc::result_out_of_range)
        fail(column, cellText(text) + " is outside the float32 range");
    if (!std::isfinite(value))
        fail(column, cellText(text) + " is not a finite number");
    return value;
}

int64_t CsvReader::labelId(std::string_view text, int column)
{
    const int64_t id = m_labelTable.find(text);
    if (id >= 0)
        return id;
    if (text.empty())
        fail(column, "empty cell; every row needs a label");
    if (const auto bad = invalidUtf8At(text); bad != std::string_view::npos)
        fail(column, "invalid UTF-8 (byte " + std::to_string(bad + 1) + " of the cell)");
    return m_labelTable.add(text);
}

// Field counts in a record with a bad cell, so that a ragged row is reported as ragged rather
// than as whatever its shifted cells look like. -1 when the record cannot be counted.
int CsvReader::countFields(const char *p, const char *end)
{
    try {
        int count = 0, newlines = 0;
        for (Field field; !field.endsRecord; ++count) {
            if (!scanField(p, end, count, field, newlines))
                return -1;
        }
        return count;
    } catch (const Error &) {
        return -1;
    }
}

CsvReader::Step CsvReader::parseRecord(const char *&pos, const char *end)
{
    const char *p = pos;
    Step step;
    if (skipBlankLine(p, end, step)) {
        if (step == Step::Done)
            pos = p;
        return step;
    }
    try {
        step = parseFields(p, end);
    } catch (const Error &) {
        const int count = countFields(pos, end);
        if (count >= 0 && count != int(m_columns.size()))
            failRagged(count);
        throw;
    }
    if (step == Step::Done)
        pos = p;
    return step;
}

CsvReader::Step CsvReader::parseFields(const char *&p, const char *end)
{
    const int columns = int(m_columns.size());
    int newlines = 0;
    int64_t label = -1;
    float *row = m_row.data();
    Field field;
    for (int column = 0; column < columns; ++column) {
        if (field.endsRecord)
            failRagged(column);
        if (column == m_labelIndex) {
            if (!scanField(p, end, column, field, newlines))
                return Step::NeedMore;
            label = labelId(field.text, column);
            continue;
        }
        // The fast path: an unquoted number followed directly by its terminator.
        if (p < end && *p != '"') {
            float value;
            const char *stop = nullptr;
            if (!shortDecimal(p, end, value, stop)) {
                const auto [after, error] = std::from_chars(p, end, value);
                if (error == std::errc() && std::isfinite(value))
                    stop = after;
            }
            if (stop && stop < end && (*stop == m_delimiter || *stop == '\n' || *stop == '\r')) {
                if (!endField(p, stop, end, field.endsRecord))
                    return Step::NeedMore;
                *row++ = value;
                continue;
            }
        }
        if (!scanField(p, end, column, field, newlines))
            return Step::NeedMore;
        *row++ = slowNumber(field.text, column);
    }
    if (!field.endsRecord) {
        int count = columns;
        while (!field.endsRecord) {
            if (!scanField(p, end, count, field, newlines))
                return Step::NeedMore;
            ++count;
        }
        failRagged(count);
    }
    m_values.insert(m_values.end(), m_row.begin(), m_row.end());
    m_labels.push_back(label);
    m_line += 1 + newlines;
    return Step::Done;
}

// Sized from the first chunk so that the arrays grow once, not by doubling through the file.
void CsvReader::reserveRows()
{
    if (m_labels.empty() || m_bytesRead == 0)
        return;
    const double bytesPerRow = double(m_bytesRead - (m_end - m_begin)) / double(m_labels.size());
    const auto rows = std::size_t(double(m_fileSize) / std::max(bytesPerRow, 1.0) * 1.05) + 16;
    m_labels.reserve(rows);
    m_values.reserve(rows * m_row.size());
}

DatasetContent CsvReader::read()
{
    std::error_code error;
    m_fileSize = std::filesystem::file_size(m_path, error);
    m_file.reset(std::fopen(m_path.c_str(), "rb"));
    if (error || !m_file)
        throw Error(m_path.string() + ": cannot open the file");
    m_buffer.resize(chunkBytes);
    refill();
    if (m_end == 0)
        throw Error(m_name + ": the file is empty; expected a header line and data rows");
    if (m_end >= 3 && std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0)
        m_begin = 3; // the byte-order mark some spreadsheet programs write
    for (bool first = true;; first = false) {
        const char *p = m_buffer.data() + m_begin;
        const char *end = m_buffer.data() + m_end;
        while (p < end) {
            const Step step = m_columns.empty() ? parseHeader(p, end) : parseRecord(p, end);
            if (step == Step::NeedMore)
                break;
        }
        m_begin = std::size_t(p - m_buffer.data());
        if (m_eof)
            break;
        if (first)
            reserveRows();
        m_ctx.throwIfCancelled();
        m_ctx.progress(double(m_bytesRead) / double(std::max<std::uintmax_t>(m_fileSize, 1)),
                       "reading " + m_name);
        refill();
    }
    if (m_columns.empty())
        throw Error(m_name + ": the file is empty; expected a header line and data rows");
    if (m_labels.empty())
        failLine("no data rows after the header");

    DatasetContent content;
    content.kind = DatasetKind::Table;
    content.featureShape = {int64_t(m_row.size())};
    for (int i = 0; i < int(m_columns.size()); ++i) {
        if (i != m_labelIndex)
            content.columnNames.push_back(m_columns[std::size_t(i)]);
    }
    content.classNames = m_labelTable.finish(m_labels);
    content.labels = std::move(m_labels);
    if (m_values.capacity() > m_values.size() + m_values.size() / 4)
        m_values.shrink_to_fit(); // a copy, so only when the first chunk misjudged the row size
    content.values = std::move(m_values);
    content.sourceFiles = {m_path.string()};
    m_ctx.progress(1.0, "read " + m_name);
    return content;
}

} // namespace

DatasetContent readCsv(const std::filesystem::path &file, const std::string &labelColumn,
                       const JobContext &ctx)
{
    return CsvReader(file, labelColumn, ctx).read();
}

} // namespace dllab::datasets
