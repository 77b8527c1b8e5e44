// buildGraph: mirrors the forward passes in models/{mlp,cnn,resnet}.cpp in eval mode (dropout is
// the identity there). Module and parameter names are those the architectures register.
#include "model_graph.h"

#include "workspace/error.h"

#include <map>
#include <set>

namespace dllab::exporting {

namespace {

class GraphBuilder {
public:
    GraphBuilder(models::ClassifierImpl &model, const nlohmann::json &spec,
                 const models::ModelInput &input)
        : m_activation(spec.value("activation", std::string("relu")))
    {
        m_graph.arch = spec.at("arch").get<std::string>();
        m_graph.input = input;
        for (const auto &p : model.named_parameters())
            m_tensors[p.key()] = p.value();
        for (const auto &b : model.named_buffers())
            m_tensors[b.key()] = b.value();
        for (const auto &m : model.named_children())
            m_modules[m.key()] = m.value();
        if (const models::TableEncoder *encoder = model.encoder()) {
            for (const auto &[name, tensor] : encoder->constants())
                m_tensors[name] = tensor;
            // Kept in the model for checkpoints made before typed columns; unused with them.
            m_consumed.insert({"input_scale", "input_shift"});
        }
    }

    // models::TableEncoder::encode, op for op.
    std::string encode(const std::string &x)
    {
        const auto has = [&](const char *name) { return m_tensors.count(name) > 0; };
        const std::string filled = add(OpKind::FillMissing, {x}, {param("enc_fill")});
        std::vector<std::string> parts;
        if (has("enc_num_select"))
            parts.push_back(affine(add(OpKind::MatMul, {filled}, {param("enc_num_select")}),
                                   "enc_num_scale", "enc_num_shift"));
        if (has("enc_cat_select")) {
            const std::string hot =
                add(OpKind::Equal, {add(OpKind::MatMul, {filled}, {param("enc_cat_select")})},
                    {param("enc_cat_value")});
            const std::string withOther = affine(hot, "enc_cat_ones", "enc_cat_other");
            parts.push_back(add(OpKind::Sub,
                                {withOther, add(OpKind::MatMul, {hot}, {param("enc_cat_group")})}));
        }
        if (has("enc_date_select")) {
            const std::string days = add(OpKind::MatMul, {filled}, {param("enc_date_select")});
            const std::string years = affine(days, "enc_per_year", "enc_zero");
            const std::string season = affine(
                add(OpKind::Sub, {years, add(OpKind::Floor, {years})}), "enc_turn", "enc_zero");
            const std::string shifted = affine(add(OpKind::Floor, {days}), "enc_one", "enc_three");
            const std::string weekday = affine(add(OpKind::Fmod, {shifted}, {param("enc_seven")}),
                                               "enc_turn_week", "enc_zero");
            parts.push_back(affine(years, "enc_year_scale", "enc_year_shift"));
            parts.push_back(add(OpKind::Sin, {season}));
            parts.push_back(add(OpKind::Cos, {season}));
            parts.push_back(add(OpKind::Sin, {weekday}));
            parts.push_back(add(OpKind::Cos, {weekday}));
        }
        return add(OpKind::Concat, parts);
    }

    bool hasModule(const std::string &name) const { return m_modules.count(name) > 0; }

    std::string normalize(const std::string &x)
    {
        return add(OpKind::Normalize, {x}, {param("input_scale"), param("input_shift")});
    }
    // x * scale + shift with the named tensors (the Normalize op).
    std::string affine(const std::string &x, const char *scale, const char *shift)
    {
        return add(OpKind::Normalize, {x}, {param(scale), param(shift)});
    }
    std::string activate(const std::string &x)
    {
        const OpKind kind = m_activation == "tanh"   ? OpKind::Tanh
                            : m_activation == "gelu" ? OpKind::Gelu
                                                     : OpKind::Relu;
        return add(kind, {x});
    }
    std::string linear(const std::string &x, const std::string &module)
    {
        return add(OpKind::Linear, {x}, {param(module + ".weight"), param(module + ".bias")});
    }
    std::string conv(const std::string &x, const std::string &module)
    {
        auto *conv = dynamic_cast<torch::nn::Conv2dImpl *>(moduleNamed(module).get());
        if (!conv)
            throw Error("export: module " + module + " is not a Conv2d");
        const auto &options = conv->options;
        const auto *padding = c10::get_if<torch::ExpandingArray<2>>(&options.padding());
        if (!padding || (*padding)->at(0) != (*padding)->at(1)
            || options.stride()->at(0) != options.stride()->at(1) || options.groups() != 1)
            throw Error("export: conv " + module + " has a layout the exporter does not know");
        Node node;
        node.kind = OpKind::Conv2d;
        node.kernel = options.kernel_size()->at(0);
        node.stride = options.stride()->at(0);
        node.padding = (*padding)->at(0);
        node.params = {param(module + ".weight"),
                       conv->bias.defined() ? param(module + ".bias") : std::string()};
        return add(node, {x});
    }
    std::string batchNorm(const std::string &x, const std::string &module)
    {
        auto *bn = dynamic_cast<torch::nn::BatchNorm2dImpl *>(moduleNamed(module).get());
        if (!bn)
            throw Error("export: module " + module + " is not a BatchNorm2d");
        m_consumed.insert(module + ".num_batches_tracked"); // training-only counter
        Node node;
        node.kind = OpKind::BatchNorm;
        node.eps = bn->options.eps();
        node.params = {param(module + ".weight"), param(module + ".bias"),
                       param(module + ".running_mean"), param(module + ".running_var")};
        return add(node, {x});
    }
    std::string maxPool(const std::string &x, int64_t kernel)
    {
        Node node;
        node.kind = OpKind::MaxPool;
        node.kernel = node.stride = kernel;
        return add(node, {x});
    }
    std::string add(OpKind kind, std::vector<std::string> inputs,
                    std::vector<std::string> params = {})
    {
        Node node;
        node.kind = kind;
        node.params = std::move(params);
        return add(node, std::move(inputs));
    }

    ModelGraph finish(std::string output)
    {
        // A regression model answers in the target's units (ClassifierImpl::forward).
        if (m_tensors.count("output_scale"))
            output = affine(output, "output_scale", "output_shift");
        for (const auto &[key, tensor] : m_tensors)
            if (!m_consumed.count(key))
                throw Error("export: the " + m_graph.arch + " model has a tensor \"" + key
                            + "\" that the exporter does not know; models/ changed?");
        m_graph.outputValue = output;
        return std::move(m_graph);
    }

private:
    std::shared_ptr<torch::nn::Module> moduleNamed(const std::string &name)
    {
        const auto it = m_modules.find(name);
        if (it == m_modules.end())
            throw Error("export: the " + m_graph.arch + " model has no module \"" + name + "\"");
        return it->second;
    }
    std::string param(const std::string &key)
    {
        const auto it = m_tensors.find(key);
        if (it == m_tensors.end())
            throw Error("export: the " + m_graph.arch + " model has no tensor \"" + key + "\"");
        std::string name = key;
        for (char &c : name)
            if (c == '.')
                c = '_';
        if (!m_consumed.insert(key).second)
            return name; // already a parameter of the graph
        m_graph.params.emplace_back(
            name, it->second.detach().to(torch::kCPU, torch::kFloat).contiguous().clone());
        return name;
    }
    std::string add(Node node, std::vector<std::string> inputs)
    {
        node.inputs = std::move(inputs);
        node.output = "v" + std::to_string(m_graph.nodes.size());
        m_graph.nodes.push_back(node);
        return node.output;
    }

    std::string m_activation;
    ModelGraph m_graph;
    std::map<std::string, torch::Tensor> m_tensors;
    std::map<std::string, std::shared_ptr<torch::nn::Module>> m_modules;
    std::set<std::string> m_consumed;
};

std::string fullyConnected(GraphBuilder &b, std::string x, size_t layers)
{
    for (size_t i = 0; i < layers; ++i) {
        x = b.linear(x, "fc" + std::to_string(i));
        if (i + 1 < layers)
            x = b.activate(x);
    }
    return x;
}

std::string mlp(GraphBuilder &b, const nlohmann::json &spec, const models::ModelInput &input)
{
    std::string x = input.columns.empty() ? b.normalize("x") : b.encode("x");
    if (input.shape.size() > 1)
        x = b.add(OpKind::Flatten, {x});
    return fullyConnected(b, x, spec.at("hidden").size() + 1);
}

std::string cnn(GraphBuilder &b, const nlohmann::json &spec)
{
    std::string x = b.normalize("x");
    const auto &blocks = spec.at("blocks");
    for (size_t i = 0; i < blocks.size(); ++i) {
        const std::string n = std::to_string(i);
        x = b.conv(x, "conv" + n);
        if (b.hasModule("bn" + n))
            x = b.batchNorm(x, "bn" + n);
        x = b.activate(x);
        const int64_t pool = blocks[i].at("pool").get<int64_t>();
        if (pool > 1)
            x = b.maxPool(x, pool);
    }
    x = b.add(OpKind::Flatten, {x});
    return fullyConnected(b, x, spec.at("fc").size() + 1);
}

std::string resnet(GraphBuilder &b, const nlohmann::json &spec)
{
    std::string x = b.normalize("x");
    x = b.activate(b.batchNorm(b.conv(x, "stem"), "stem_bn"));
    const size_t stages = spec.at("channels").size();
    const int64_t perStage = spec.at("blocks_per_stage").get<int64_t>();
    for (size_t stage = 0; stage < stages; ++stage) {
        for (int64_t i = 0; i < perStage; ++i) {
            const std::string name = "s" + std::to_string(stage) + "b" + std::to_string(i);
            std::string y = b.activate(b.batchNorm(b.conv(x, name + "_conv1"), name + "_bn1"));
            y = b.batchNorm(b.conv(y, name + "_conv2"), name + "_bn2");
            const std::string identity =
                b.hasModule(name + "_proj")
                    ? b.batchNorm(b.conv(x, name + "_proj"), name + "_proj_bn")
                    : x;
            x = b.activate(b.add(OpKind::Add, {y, identity}));
        }
    }
    x = b.add(OpKind::GlobalAvgPool, {x});
    return b.linear(x, "head");
}

} // namespace

ModelGraph buildGraph(models::ClassifierImpl &model, const nlohmann::json &spec,
                      const models::ModelInput &input)
{
    GraphBuilder builder(model, spec, input);
    const std::string arch = spec.at("arch").get<std::string>();
    if (arch == "mlp")
        return builder.finish(mlp(builder, spec, input));
    if (arch == "cnn")
        return builder.finish(cnn(builder, spec));
    if (arch == "resnet")
        return builder.finish(resnet(builder, spec));
    throw Error("export: architecture \"" + arch + "\" is not supported");
}

} // namespace dllab::exporting
