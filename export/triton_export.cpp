#include "triton_export.h"

#include "write_file.h"

#include <sstream>

namespace dllab::exporting {

namespace {

std::string quoted(const std::string &text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string dims(const std::vector<int64_t> &values)
{
    std::string text;
    for (int64_t v : values)
        text += (text.empty() ? "" : ", ") + std::to_string(v);
    return "[ " + text + " ]";
}

} // namespace

std::string tritonConfig(const TritonModel &m)
{
    std::ostringstream out;
    out << "name: " << quoted(m.name) << "\n"
        << "platform: " << quoted(m.platform) << "\n"
        << "max_batch_size: " << kTritonMaxBatchSize << "\n"
        << "input [\n  {\n"
        << "    name: " << quoted(m.input.name) << "\n"
        << "    data_type: TYPE_FP32\n"
        << "    dims: " << dims(m.input.dims) << "\n"
        << "  }\n]\n"
        << "output [\n  {\n"
        << "    name: " << quoted(m.output.name) << "\n"
        << "    data_type: TYPE_FP32\n"
        << "    dims: " << dims(m.output.dims) << "\n";
    if (!m.output.labelFile.empty())
        out << "    label_filename: " << quoted(m.output.labelFile) << "\n";
    out << "  }\n]\n";
    return out.str();
}

std::vector<std::filesystem::path> writeTritonRepository(const TritonRepository &c,
                                                         const std::filesystem::path &repo)
{
    namespace fs = std::filesystem;
    std::string labels;
    for (const auto &name : c.classNames)
        labels += name + "\n";
    struct Variant {
        std::string dir, platform, inputName, outputName, modelFile;
        fs::path source;
    };
    const Variant variants[] = {
        {c.modelName, "pytorch_libtorch", "INPUT__0", "OUTPUT__0", "model.pt", c.torchScriptFile},
        {c.modelName + "_onnx", "onnxruntime_onnx", "input", "logits", "model.onnx", c.onnxFile},
    };
    std::vector<fs::path> written;
    for (const Variant &v : variants) {
        const fs::path dir = repo / v.dir;
        fs::create_directories(dir / "1");
        TritonModel model{v.dir,
                          v.platform,
                          {v.inputName, c.sampleShape, {}},
                          // A regression model's one output has no labels.
                          {v.outputName, {c.classes}, c.classNames.empty() ? "" : "labels.txt"}};
        writeText(dir / "config.pbtxt", tritonConfig(model));
        writeText(dir / "labels.txt", labels);
        writeText(dir / "model_card.json", c.cardJson);
        writeText(dir / "model_card.md", c.cardMarkdown);
        fs::copy_file(v.source, dir / "1" / v.modelFile, fs::copy_options::overwrite_existing);
        for (const char *name : {"config.pbtxt", "labels.txt", "model_card.json", "model_card.md"})
            written.push_back(dir / name);
        written.push_back(dir / "1" / v.modelFile);
    }
    return written;
}

} // namespace dllab::exporting
