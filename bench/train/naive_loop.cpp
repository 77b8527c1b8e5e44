// The "naive LibTorch loop" of bench_train.py: torch::nn::Sequential, torch::optim::Adam,
// a fresh index_select per batch. What a first C++ port of the PyTorch script looks like; the
// engine has to beat it. Built by bench_train.py with g++ against the system LibTorch.
// Usage: naive_loop IMAGES.f32 LABELS.i64 N mlp|cnn EPOCHS THREADS
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <fstream>

int main(int argc, char **argv)
{
    if (argc != 7) {
        std::fprintf(stderr, "usage: naive_loop IMAGES.f32 LABELS.i64 N mlp|cnn EPOCHS THREADS\n");
        return 2;
    }
    const int64_t n = std::stoll(argv[3]);
    const std::string arch = argv[4];
    const int epochs = std::stoi(argv[5]);
    torch::set_num_threads(std::stoi(argv[6]));
    torch::manual_seed(0);
    torch::Tensor x = torch::empty({n, 1, 28, 28});
    torch::Tensor y = torch::empty({n}, torch::kLong);
    std::ifstream(argv[1], std::ios::binary).read(static_cast<char *>(x.data_ptr()), x.nbytes());
    std::ifstream(argv[2], std::ios::binary).read(static_cast<char *>(y.data_ptr()), y.nbytes());
    const double mean = x.mean().item<double>(), sd = x.std().item<double>();
    torch::nn::Sequential model;
    if (arch == "mlp") {
        model = torch::nn::Sequential(torch::nn::Flatten(), torch::nn::Linear(784, 256),
                                      torch::nn::ReLU(), torch::nn::Linear(256, 128),
                                      torch::nn::ReLU(), torch::nn::Linear(128, 10));
    } else {
        namespace nn = torch::nn;
        model = nn::Sequential(nn::Conv2d(nn::Conv2dOptions(1, 6, 5).padding(2)), nn::ReLU(),
                               nn::MaxPool2d(2), nn::Conv2d(6, 16, 5), nn::ReLU(), nn::MaxPool2d(2),
                               nn::Flatten(), nn::Linear(400, 120), nn::ReLU(), nn::Linear(120, 84),
                               nn::ReLU(), nn::Linear(84, 10));
    }
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
    double seconds = 0;
    int64_t samples = 0;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        const torch::Tensor perm = torch::randperm(n, torch::kLong);
        for (int64_t b = 0; b < n; b += 128) {
            const torch::Tensor idx = perm.slice(0, b, std::min(n, b + 128));
            const torch::Tensor xb = (x.index_select(0, idx) - mean) / sd;
            const torch::Tensor yb = y.index_select(0, idx);
            optimizer.zero_grad();
            const torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(xb), yb);
            loss.backward();
            optimizer.step();
            samples += idx.size(0);
        }
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::printf("{\"samples_per_sec\": %.1f}\n", double(samples) / seconds);
    return 0;
}
