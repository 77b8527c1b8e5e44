// selectBlasKernels on the real OpenBLAS that LibTorch calls: on a CPU the library does not know
// (it falls back to Prescott) the kernels change to the CPU's, and a float GEMM still computes the
// same product; elsewhere nothing changes. Its own binary: the switch is process-wide.
#include "training/blas_kernels.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>

using namespace dllab::training;

namespace {

bool hasAvx2()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

} // namespace

TEST(BlasKernels, SwitchesFromTheFallbackAndKeepsTheProduct)
{
    torch::manual_seed(0);
    const auto a = torch::randn({128, 784});
    const auto b = torch::randn({784, 256});
    const auto exact = torch::mm(a.to(torch::kDouble), b.to(torch::kDouble));
    const auto before = torch::mm(a, b);
    const std::string was = blasKernels();
    const bool userChose = std::getenv("OPENBLAS_CORETYPE") != nullptr;

    const std::string chosen = selectBlasKernels();
    if (was == "Prescott" && hasAvx2() && !userChose) {
        EXPECT_NE(chosen, "");
        EXPECT_NE(chosen, "Prescott");
        EXPECT_EQ(blasKernels(), chosen);
        EXPECT_STREQ(std::getenv("OPENBLAS_CORETYPE"), chosen.c_str()); // for child processes
    } else {
        EXPECT_EQ(chosen, "");
        EXPECT_EQ(blasKernels(), was);
    }
    EXPECT_EQ(selectBlasKernels(), ""); // once chosen, kept

    const auto after = torch::mm(a, b);
    EXPECT_TRUE(torch::allclose(after.to(torch::kDouble), exact, 1e-4, 1e-3));
    EXPECT_TRUE(torch::allclose(before.to(torch::kDouble), exact, 1e-4, 1e-3));
}
