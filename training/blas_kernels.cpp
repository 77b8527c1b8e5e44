#include "training/blas_kernels.h"

#include <dlfcn.h>

#include <cstdlib>

namespace dllab::training {

namespace {

// Looked up at run time, not linked: builds against MKL have none of these. openblas_get_corename
// is OpenBLAS's public API (cblas.h); the two gotoblas_dynamic_* calls are what it runs at load
// and unload in its DYNAMIC_ARCH builds (every distribution's), exported from its library.
template <typename Function> Function *openblasFunction(const char *name)
{
    return reinterpret_cast<Function *>(dlsym(RTLD_DEFAULT, name));
}

// What OpenBLAS releases that know the CPU choose by its features (x86 only: elsewhere its
// fallback is not Prescott).
const char *kernelsForThisCpu()
{
#if !defined(__x86_64__) && !defined(__i386__)
    return nullptr;
#else
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512cd"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
    return nullptr;
#endif
}

} // namespace

std::string blasKernels()
{
    const auto corename = openblasFunction<char *()>("openblas_get_corename");
    const char *name = corename ? corename() : nullptr;
    return name ? name : "";
}

std::string selectBlasKernels()
{
    const auto quit = openblasFunction<void()>("gotoblas_dynamic_quit");
    const auto init = openblasFunction<void()>("gotoblas_dynamic_init");
    const char *wanted = kernelsForThisCpu();
    if (!quit || !init || !wanted || std::getenv("OPENBLAS_CORETYPE")
        || blasKernels() != "Prescott")
        return {};
    // gotoblas_dynamic_init reads OPENBLAS_CORETYPE, as at load time; child processes (command
    // trials) inherit the choice.
    setenv("OPENBLAS_CORETYPE", wanted, 1);
    quit();
    init();
    return blasKernels();
}

} // namespace dllab::training
