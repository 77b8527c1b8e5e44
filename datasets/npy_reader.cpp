// NumPy .npy pairs (features + labels) into a dataset. Only the little-endian, C-ordered dtypes
// that numpy writes for ordinary arrays are read; the header's shape is checked against the file
// size before the data is read in chunks and converted.
#include "importers.h"

#include "workspace/error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace dllab::datasets {
namespace {

namespace fs = std::filesystem;

static_assert(std::endian::native == std::endian::little, "the .npy data is read in place");

constexpr std::size_t readChunk = std::size_t(1) << 20;
// Labels name classes 0..max; a larger index is a corrupt or wrong file, not a real dataset.
constexpr int64_t maxLabel = 100000;

enum class DType { F4, F8, I8, I4, U1 };

struct NpyArray {
    fs::path path;
    std::string name;
    std::string descr;
    DType dtype = DType::F4;
    std::size_t itemSize = 4;
    std::vector<uint64_t> shape;
    uint64_t elements = 1;
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file{nullptr, &std::fclose};

    std::string shapeText() const
    {
        std::string text = "(";
        for (std::size_t i = 0; i < shape.size(); ++i)
            text += (i ? ", " : "") + std::to_string(shape[i]);
        return text + (shape.size() == 1 ? ",)" : ")");
    }
};

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
public:
    HeaderParser(std::string_view text, const std::string &name) : m_text(text), m_name(name) {}

    void parse(NpyArray &array)
    {
        bool haveDescr = false, haveOrder = false, haveShape = false;
        expect('{');
        while (!peek('}')) {
            const std::string key = string();
            expect(':');
            if (key == "descr") {
                array.descr = string();
                haveDescr = true;
            } else if (key == "fortran_order") {
                if (word("True"))
                    throw Error(m_name
                                + ": Fortran-ordered array; save it in C order "
                                  "(numpy.ascontiguousarray)");
                if (!word("False"))
                    fail("fortran_order is neither True nor False");
                haveOrder = true;
            } else if (key == "shape") {
                shape(array.shape);
                haveShape = true;
            } else {
                fail("unexpected key '" + key + "'");
            }
            if (!peek('}'))
                expect(',');
        }
        if (!haveDescr || !haveOrder || !haveShape)
            fail("it lacks one of 'descr', 'fortran_order', 'shape'");
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw Error(m_name + ": bad .npy header: " + what);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size() && std::strchr(" \t\n", m_text[m_pos]))
            ++m_pos;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_pos < m_text.size() && m_text[m_pos] == c;
    }
    void expect(char c)
    {
        if (!peek(c))
            fail(std::string("expected '") + c + "' at offset " + std::to_string(m_pos));
        ++m_pos;
    }
    bool word(std::string_view w)
    {
        skipSpace();
        if (m_text.substr(m_pos, w.size()) != w)
            return false;
        m_pos += w.size();
        return true;
    }
    std::string string()
    {
        skipSpace();
        const char quote = m_pos < m_text.size() ? m_text[m_pos] : 0;
        if (quote != '\'' && quote != '"')
            fail("expected a quoted key or value at offset " + std::to_string(m_pos));
        const auto close = m_text.find(quote, m_pos + 1);
        if (close == std::string_view::npos)
            fail("unterminated string");
        std::string value(m_text.substr(m_pos + 1, close - m_pos - 1));
        m_pos = close + 1;
        return value;
    }
    void shape(std::vector<uint64_t> &dims)
    {
        expect('(');
        while (!peek(')')) {
            uint64_t value = 0;
            std::size_t digits = 0;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
                if (value > (std::numeric_limits<uint64_t>::max() - 9) / 10)
                    fail("a dimension is too large");
                value = value * 10 + uint64_t(m_text[m_pos++] - '0');
                ++digits;
            }
            if (digits == 0)
                fail("the shape is not a tuple of integers");
            dims.push_back(value);
            if (!peek(')'))
                expect(',');
        }
        ++m_pos;
    }

    std::string_view m_text;
    const std::string &m_name;
    std::size_t m_pos = 0;
};

uint32_t littleEndian(const unsigned char *bytes, int count)
{
    uint32_t value = 0;
    for (int i = count - 1; i >= 0; --i)
        value = value << 8 | bytes[i];
    return value;
}

NpyArray openNpy(const fs::path &path)
{
    NpyArray array;
    array.path = path;
    array.name = path.filename().string();
    std::error_code error;
    const std::uintmax_t fileSize = fs::file_size(path, error);
    array.file.reset(std::fopen(path.c_str(), "rb"));
    if (error || !array.file)
        throw Error(path.string() + ": cannot open the file");
    unsigned char preamble[12];
    const std::size_t got = std::fread(preamble, 1, 10, array.file.get());
    if (got < 10 || std::memcmp(preamble, "\x93NUMPY", 6) != 0)
        throw Error(array.name + ": not a .npy file (it does not start with \\x93NUMPY)");
    const int major = preamble[6];
    std::size_t headerSize = littleEndian(preamble + 8, 2);
    std::size_t preambleSize = 10;
    if (major == 2 || major == 3) {
        if (std::fread(preamble + 10, 1, 2, array.file.get()) < 2)
            throw Error(array.name + ": truncated .npy header");
        headerSize = littleEndian(preamble + 8, 4);
        preambleSize = 12;
    } else if (major != 1) {
        throw Error(array.name + ": .npy format version " + std::to_string(major)
                    + " is not supported");
    }
    if (headerSize > fileSize - preambleSize || headerSize > (1u << 20))
        throw Error(array.name + ": truncated .npy header (it says " + std::to_string(headerSize)
                    + " bytes)");
    std::string header(headerSize, '\0');
    if (std::fread(header.data(), 1, headerSize, array.file.get()) < headerSize)
        throw Error(array.name + ": truncated .npy header");
    HeaderParser(header, array.name).parse(array);

    const struct {
        const char *descr;
        DType dtype;
        std::size_t size;
    } known[] = {{"<f4", DType::F4, 4}, {"<f8", DType::F8, 8}, {"<i8", DType::I8, 8},
                 {"<i4", DType::I4, 4}, {"|u1", DType::U1, 1}, {"<u1", DType::U1, 1}};
    const auto *type = std::find_if(std::begin(known), std::end(known),
                                    [&](const auto &k) { return array.descr == k.descr; });
    if (type == std::end(known))
        throw Error(array.name + ": dtype '" + array.descr
                    + "' is not supported; use <f4, <f8, <i8, <i4 or |u1");
    array.dtype = type->dtype;
    array.itemSize = type->size;

    const uint64_t available = (fileSize - preambleSize - headerSize) / array.itemSize;
    for (const auto dim : array.shape) {
        if (dim != 0 && array.elements > available / dim) { // also guards the product's overflow
            array.elements = available + 1;
            break;
        }
        array.elements *= dim;
    }
    if (array.elements > available)
        throw Error(array.name + ": truncated data: the header says shape " + array.shapeText()
                    + " of " + array.descr + " but the file holds only " + std::to_string(available)
                    + " values");
    if (array.shape.empty() || array.shape[0] == 0 || array.elements == 0)
        throw Error(array.name + ": shape " + array.shapeText() + " holds no samples");
    return array;
}

// Calls sink(values, count, firstIndex) for each chunk of the array's raw elements.
template <typename Sink>
void readChunks(NpyArray &array, uint64_t &done, uint64_t total, const JobContext &ctx, Sink sink)
{
    std::vector<unsigned char> buffer(readChunk);
    const std::size_t perChunk = readChunk / array.itemSize;
    for (uint64_t index = 0; index < array.elements;) {
        ctx.throwIfCancelled();
        const auto count = std::size_t(std::min<uint64_t>(perChunk, array.elements - index));
        if (std::fread(buffer.data(), array.itemSize, count, array.file.get()) < count)
            throw Error(array.name + ": read error or truncated data at element "
                        + std::to_string(index));
        sink(buffer.data(), count, index);
        index += count;
        done += count * array.itemSize;
        ctx.progress(double(done) / double(total), "reading " + array.name);
    }
}

template <typename T> T element(const unsigned char *data, std::size_t i)
{
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    return value;
}

double asDouble(DType dtype, const unsigned char *data, std::size_t i)
{
    switch (dtype) {
    case DType::F4:
        return element<float>(data, i);
    case DType::F8:
        return element<double>(data, i);
    case DType::I8:
        return double(element<int64_t>(data, i));
    case DType::I4:
        return element<int32_t>(data, i);
    case DType::U1:
        return data[i];
    }
    return 0;
}

std::string elementText(const NpyArray &array, uint64_t index)
{
    if (array.shape.size() != 2)
        return "element " + std::to_string(index);
    return "element [" + std::to_string(index / array.shape[1]) + ", "
           + std::to_string(index % array.shape[1]) + "]";
}

void readLabels(NpyArray &array, DatasetContent &content, uint64_t &done, uint64_t total,
                const JobContext &ctx)
{
    if (array.dtype == DType::F4 || array.dtype == DType::F8)
        throw Error(array.name + ": labels of dtype " + array.descr
                    + "; class labels must be integers (<i8, <i4 or |u1)");
    content.labels.resize(array.elements);
    int64_t highest = 0;
    readChunks(
        array, done, total, ctx, [&](const unsigned char *data, std::size_t n, uint64_t first) {
            for (std::size_t i = 0; i < n; ++i) {
                const int64_t label = array.dtype == DType::I8   ? element<int64_t>(data, i)
                                      : array.dtype == DType::I4 ? element<int32_t>(data, i)
                                                                 : data[i];
                if (label < 0 || label > maxLabel)
                    throw Error(array.name + ": label " + std::to_string(first + i) + " is "
                                + std::to_string(label) + "; labels must be class indices 0.."
                                + std::to_string(maxLabel));
                highest = std::max(highest, label);
                content.labels[first + i] = label;
            }
        });
    for (int64_t label = 0; label <= highest; ++label)
        content.classNames.push_back(std::to_string(label));
}

void readFeatures(NpyArray &array, DatasetContent &content, uint64_t &done, uint64_t total,
                  const JobContext &ctx)
{
    const auto &shape = array.shape;
    if (shape.size() == 2) {
        content.kind = DatasetKind::Table;
        content.featureShape = {int64_t(shape[1])};
        for (uint64_t i = 0; i < shape[1]; ++i)
            content.columnNames.push_back("f" + std::to_string(i));
        content.values.resize(array.elements);
        readChunks(
            array, done, total, ctx, [&](const unsigned char *data, std::size_t n, uint64_t first) {
                for (std::size_t i = 0; i < n; ++i) {
                    const double value = asDouble(array.dtype, data, i);
                    const auto narrowed = float(value);
                    if (!std::isfinite(narrowed))
                        throw Error(array.name + ": " + elementText(array, first + i) + " is "
                                    + (std::isnan(value)   ? "NaN"
                                       : std::isinf(value) ? "infinite"
                                                           : "outside the float32 range")
                                    + "; features must be finite numbers");
                    content.values[first + i] = narrowed;
                }
            });
        return;
    }
    if (shape.size() != 3 && shape.size() != 4)
        throw Error(array.name + ": features of shape " + array.shapeText()
                    + "; expected N x F (a table), N x H x W or N x C x H x W (images)");
    if (array.dtype != DType::U1)
        throw Error(array.name + ": image arrays must be uint8 (|u1), not " + array.descr
                    + "; or reshape to N x F for a table");
    const uint64_t channels = shape.size() == 4 ? shape[1] : 1;
    if (channels != 1 && channels != 3)
        throw Error(array.name + ": shape " + array.shapeText() + " has " + std::to_string(channels)
                    + " channels; expected N x C x H x W with C = 1 or 3 (channel-last arrays "
                      "need numpy.transpose(a, (0, 3, 1, 2)))");
    content.kind = DatasetKind::Image;
    content.featureShape = {int64_t(channels), int64_t(shape[shape.size() - 2]),
                            int64_t(shape[shape.size() - 1])};
    content.pixels.resize(array.elements);
    readChunks(array, done, total, ctx,
               [&](const unsigned char *data, std::size_t n, uint64_t first) {
                   std::memcpy(content.pixels.data() + first, data, n);
               });
}

} // namespace

DatasetContent readNpy(const std::vector<fs::path> &paths, const JobContext &ctx)
{
    if (paths.size() != 2)
        throw Error("NPY import takes two files, a features .npy and a labels .npy; got "
                    + std::to_string(paths.size()));
    NpyArray first = openNpy(paths[0]);
    NpyArray second = openNpy(paths[1]);
    if ((first.shape.size() == 1) == (second.shape.size() == 1))
        throw Error(first.name + " has shape " + first.shapeText() + " and " + second.name
                    + " has shape " + second.shapeText()
                    + "; expected one 1-D labels array and one features array");
    NpyArray &labels = first.shape.size() == 1 ? first : second;
    NpyArray &features = first.shape.size() == 1 ? second : first;
    if (features.shape[0] != labels.shape[0])
        throw Error(features.name + " holds " + std::to_string(features.shape[0]) + " samples but "
                    + labels.name + " holds " + std::to_string(labels.shape[0])
                    + " labels; expected one label per sample");

    DatasetContent content;
    uint64_t done = 0;
    const uint64_t total =
        features.elements * features.itemSize + labels.elements * labels.itemSize;
    readLabels(labels, content, done, total, ctx);
    readFeatures(features, content, done, total, ctx);
    content.sourceFiles = {features.path.string(), labels.path.string()};
    ctx.progress(1.0, "read " + std::to_string(content.labels.size()) + " samples");
    return content;
}

} // namespace dllab::datasets
