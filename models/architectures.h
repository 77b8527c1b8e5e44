#pragma once
// The concrete architectures; buildModel() picks one from the spec. Engine code only.
#include "classifier.h"

namespace dllab::models {

// Fully connected: hidden layers with an activation and dropout, then a linear classifier.
class MlpImpl : public ClassifierImpl {
public:
    MlpImpl(const nlohmann::json &spec, const ModelInput &input);

protected:
    torch::Tensor body(torch::Tensor x) override;

private:
    std::vector<torch::nn::Linear> m_layers; // last one gives the logits
};
TORCH_MODULE(Mlp);

// Conv blocks (conv, optional batch norm, activation, max-pool), then fully connected layers;
// the default spec is LeNet-5.
class CnnImpl : public ClassifierImpl {
public:
    CnnImpl(const nlohmann::json &spec, const ModelInput &input);

protected:
    torch::Tensor body(torch::Tensor x) override;

private:
    struct Block {
        torch::nn::Conv2d conv{nullptr};
        torch::nn::BatchNorm2d norm{nullptr};
        int64_t pool = 1;
    };
    std::vector<Block> m_blocks;
    std::vector<torch::nn::Linear> m_fc; // last one gives the logits
};
TORCH_MODULE(Cnn);

// A small residual net for 28-64 px images: a 3x3 stem, stages of basic blocks (the first of
// each later stage halves the resolution), global average pooling, a linear classifier.
class ResNetImpl : public ClassifierImpl {
public:
    ResNetImpl(const nlohmann::json &spec, const ModelInput &input);

protected:
    torch::Tensor body(torch::Tensor x) override;

private:
    struct BasicBlock {
        torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, shortcut{nullptr};
        torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, shortcutBn{nullptr};
    };
    torch::Tensor blockForward(BasicBlock &block, const torch::Tensor &x);

    torch::nn::Conv2d m_stem{nullptr};
    torch::nn::BatchNorm2d m_stemBn{nullptr};
    std::vector<BasicBlock> m_blocks;
    torch::nn::Linear m_head{nullptr};
};
TORCH_MODULE(ResNet);

} // namespace dllab::models
