#include "onnx_export.h"

#include "workspace/error.h"
#include "write_file.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cmath>

namespace dllab::exporting {

namespace {

void addInitializer(onnx::GraphProto &graph, const std::string &name, const torch::Tensor &t)
{
    auto *init = graph.add_initializer();
    init->set_name(name);
    init->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : t.sizes())
        init->add_dims(d);
    // raw_data is little-endian float32, which is the CPU tensor's own layout here.
    init->set_raw_data(t.data_ptr<float>(), size_t(t.numel()) * sizeof(float));
}

void setIntsAttr(onnx::NodeProto &node, const std::string &name, std::vector<int64_t> values)
{
    auto *a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
        a->add_ints(v);
}

void setIntAttr(onnx::NodeProto &node, const std::string &name, int64_t value)
{
    auto *a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
}

void setFloatAttr(onnx::NodeProto &node, const std::string &name, float value)
{
    auto *a = node.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
}

class OnnxGraphWriter {
public:
    explicit OnnxGraphWriter(onnx::GraphProto &graph) : m_graph(graph) {}

    onnx::NodeProto &node(const std::string &op, std::vector<std::string> inputs,
                          const std::string &output)
    {
        auto *n = m_graph.add_node();
        n->set_op_type(op);
        n->set_name(output + "_" + op);
        for (const auto &in : inputs)
            n->add_input(in);
        n->add_output(output);
        return *n;
    }
    // A fresh intermediate value name for ops that take several ONNX nodes.
    std::string temp(const std::string &base) { return base + "_t" + std::to_string(m_temps++); }
    std::string scalar(float value)
    {
        const std::string name = "const_" + std::to_string(m_temps++);
        addInitializer(m_graph, name, torch::tensor({value}));
        return name;
    }

    void write(const Node &n)
    {
        const std::string &x = n.inputs.at(0);
        const std::string &y = n.output;
        switch (n.kind) {
        case OpKind::Normalize: {
            const std::string scaled = temp(y);
            node("Mul", {x, n.params[0]}, scaled);
            node("Add", {scaled, n.params[1]}, y);
            return;
        }
        case OpKind::Linear:
            setIntAttr(node("Gemm", {x, n.params[0], n.params[1]}, y), "transB", 1);
            return;
        case OpKind::Conv2d: {
            std::vector<std::string> inputs{x, n.params[0]};
            if (!n.params[1].empty())
                inputs.push_back(n.params[1]);
            auto &conv = node("Conv", inputs, y);
            setIntsAttr(conv, "kernel_shape", {n.kernel, n.kernel});
            setIntsAttr(conv, "strides", {n.stride, n.stride});
            setIntsAttr(conv, "pads", {n.padding, n.padding, n.padding, n.padding});
            return;
        }
        case OpKind::BatchNorm:
            setFloatAttr(node("BatchNormalization",
                              {x, n.params[0], n.params[1], n.params[2], n.params[3]}, y),
                         "epsilon", float(n.eps));
            return;
        case OpKind::Relu:
            node("Relu", {x}, y);
            return;
        case OpKind::Tanh:
            node("Tanh", {x}, y);
            return;
        case OpKind::Gelu: {
            // Opset 13 has no Gelu: 0.5 * x * (1 + erf(x / sqrt(2))), as torch's exact form.
            const std::string scaled = temp(y), erf = temp(y), plus = temp(y), half = temp(y);
            node("Div", {x, scalar(float(std::sqrt(2.0)))}, scaled);
            node("Erf", {scaled}, erf);
            node("Add", {erf, scalar(1.0f)}, plus);
            node("Mul", {x, scalar(0.5f)}, half);
            node("Mul", {half, plus}, y);
            return;
        }
        case OpKind::MaxPool: {
            auto &pool = node("MaxPool", {x}, y);
            setIntsAttr(pool, "kernel_shape", {n.kernel, n.kernel});
            setIntsAttr(pool, "strides", {n.stride, n.stride});
            return;
        }
        case OpKind::Flatten:
            setIntAttr(node("Flatten", {x}, y), "axis", 1);
            return;
        case OpKind::GlobalAvgPool: {
            const std::string pooled = temp(y);
            node("GlobalAveragePool", {x}, pooled);
            setIntAttr(node("Flatten", {pooled}, y), "axis", 1);
            return;
        }
        case OpKind::Add:
            node("Add", {x, n.inputs.at(1)}, y);
            return;
        case OpKind::FillMissing: {
            const std::string missing = temp(y);
            node("IsNaN", {x}, missing);
            node("Where", {missing, n.params[0], x}, y);
            return;
        }
        case OpKind::MatMul:
            node("MatMul", {x, n.params[0]}, y);
            return;
        case OpKind::Equal: {
            const std::string same = temp(y);
            node("Equal", {x, n.params[0]}, same);
            setIntAttr(node("Cast", {same}, y), "to", onnx::TensorProto::FLOAT);
            return;
        }
        case OpKind::Sub:
            node("Sub", {x, n.inputs.at(1)}, y);
            return;
        case OpKind::Floor:
            node("Floor", {x}, y);
            return;
        case OpKind::Sin:
            node("Sin", {x}, y);
            return;
        case OpKind::Cos:
            node("Cos", {x}, y);
            return;
        case OpKind::Fmod:
            setIntAttr(node("Mod", {x, n.params[0]}, y), "fmod", 1);
            return;
        case OpKind::Concat:
            setIntAttr(node("Concat", n.inputs, y), "axis", 1);
            return;
        }
    }

private:
    onnx::GraphProto &m_graph;
    int m_temps = 0;
};

void setTensorType(onnx::ValueInfoProto &value, const std::string &name,
                   const std::vector<int64_t> &sampleShape)
{
    value.set_name(name);
    auto *tensor = value.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    auto *shape = tensor->mutable_shape();
    shape->add_dim()->set_dim_param("batch");
    for (int64_t d : sampleShape)
        shape->add_dim()->set_dim_value(d);
}

void addMetadata(onnx::ModelProto &model, const std::string &key, const std::string &value)
{
    auto *entry = model.add_metadata_props();
    entry->set_key(key);
    entry->set_value(value);
}

} // namespace

std::string toOnnx(const ModelGraph &graph, const std::string &modelCardJson)
{
    onnx::ModelProto model;
    model.set_ir_version(kOnnxIrVersion);
    model.set_producer_name("dllab");
    model.set_producer_version(DLLAB_VERSION);
    model.set_domain("dllab");
    model.set_model_version(1);
    model.set_doc_string("dllab " + graph.arch
                         + " classifier; takes raw inputs, normalises inside");
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOnnxOpset);
    addMetadata(model, "model_card", modelCardJson);

    auto *g = model.mutable_graph();
    g->set_name("dllab_" + graph.arch);
    for (const auto &[name, tensor] : graph.params)
        addInitializer(*g, name, tensor);
    // Value names are the graph's; the ONNX input and output get their public names.
    ModelGraph renamed = graph;
    for (Node &node : renamed.nodes) {
        for (auto &in : node.inputs)
            if (in == graph.inputValue)
                in = kOnnxInput;
        if (node.output == graph.outputValue)
            node.output = kOnnxOutput;
    }
    OnnxGraphWriter writer(*g);
    for (const Node &node : renamed.nodes)
        writer.write(node);
    setTensorType(*g->add_input(), kOnnxInput, graph.input.shape);
    setTensorType(*g->add_output(), kOnnxOutput, {graph.input.classes});

    try {
        onnx::checker::check_model(model);
    } catch (const std::exception &e) {
        throw Error(std::string("export: the ONNX model does not pass onnx::checker: ") + e.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw Error("export: cannot serialize the ONNX model");
    return bytes;
}

void saveOnnx(const ModelGraph &graph, const std::string &modelCardJson,
              const std::filesystem::path &file)
{
    writeText(file, toOnnx(graph, modelCardJson));
}

} // namespace dllab::exporting
