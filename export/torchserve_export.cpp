#include "torchserve_export.h"

#include "workspace/error.h"

#include <nlohmann/json.hpp>
#include <zip.h>

#include <ctime>
#include <deque>
#include <fstream>
#include <sstream>

namespace dllab::exporting {

extern const std::string_view kTorchServeHandlerSource; // generated from torchserve_handler.py

namespace {

std::string readFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in)
        throw Error("cannot read " + file.string());
    return bytes.str();
}

// Owns the zip handle; an archive not closed successfully is discarded, never left half-written.
class ZipWriter {
public:
    explicit ZipWriter(const std::filesystem::path &file) : m_file(file)
    {
        int error = 0;
        m_zip = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
        if (!m_zip) {
            zip_error_t e;
            zip_error_init_with_code(&e, error);
            const std::string message = zip_error_strerror(&e);
            zip_error_fini(&e);
            throw Error("cannot create " + file.string() + ": " + message);
        }
    }
    ~ZipWriter()
    {
        if (m_zip)
            zip_discard(m_zip);
    }
    void add(const std::string &name, std::string bytes)
    {
        // libzip reads the buffers at zip_close, so they live until then.
        m_buffers.push_back(std::move(bytes));
        const std::string &data = m_buffers.back();
        zip_source_t *source = zip_source_buffer(m_zip, data.data(), data.size(), 0);
        if (!source || zip_file_add(m_zip, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
            if (source)
                zip_source_free(source);
            throw Error("cannot add " + name + " to " + m_file.string() + ": "
                        + zip_strerror(m_zip));
        }
    }
    void close()
    {
        if (zip_close(m_zip) < 0)
            throw Error("cannot write " + m_file.string() + ": " + zip_strerror(m_zip));
        m_zip = nullptr;
    }

private:
    std::filesystem::path m_file;
    zip_t *m_zip = nullptr;
    // A deque never moves its elements, so the pointers libzip holds stay valid (a vector would
    // move short strings' inline bytes when it grows).
    std::deque<std::string> m_buffers;
};

} // namespace

std::string_view torchServeHandlerSource() { return kTorchServeHandlerSource; }

std::string marManifest(const std::string &modelName)
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char created[32];
    std::strftime(created, sizeof created, "%d/%m/%Y %H:%M:%S", &tm);
    const nlohmann::json manifest{
        {"createdOn", created},
        {"runtime", "python"},
        {"model",
         {{"modelName", modelName},
          {"serializedFile", kMarSerializedFile},
          {"handler", kMarHandlerFile},
          {"modelVersion", "1.0"}}},
        {"archiverVersion", kMarArchiverVersion},
    };
    return manifest.dump(4);
}

void writeMar(const MarContents &c, const std::filesystem::path &file)
{
    nlohmann::json indexToName = nlohmann::json::object();
    for (size_t i = 0; i < c.classNames.size(); ++i)
        indexToName[std::to_string(i)] = c.classNames[i];
    ZipWriter zip(file);
    zip.add("MAR-INF/MANIFEST.json", marManifest(c.modelName));
    zip.add(kMarSerializedFile, readFile(c.torchScriptFile));
    zip.add(kMarHandlerFile, std::string(torchServeHandlerSource()));
    zip.add("index_to_name.json", indexToName.dump(2));
    zip.add("model_card.json", c.cardJson);
    zip.add("model_card.md", c.cardMarkdown);
    zip.close();
}

} // namespace dllab::exporting
