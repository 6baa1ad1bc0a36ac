#include <ATen/Parallel.h>

#include <dlfcn.h>

#include <cstdio>

#include "abl_runtime.h"
#include "handles.h"

extern "C" {

ABL_API abl_status abl_torch_version(char* buffer, int32_t capacity) {
    return abl::guard([&] {
        abl::require(buffer != nullptr && capacity > 0, "buffer must not be empty");
        std::snprintf(buffer, static_cast<size_t>(capacity), "%d.%d.%d", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,
                      TORCH_VERSION_PATCH);
    });
}

ABL_API abl_status abl_manual_seed(uint64_t seed) {
    return abl::guard([&] { torch::manual_seed(seed); });
}

ABL_API abl_status abl_cuda_is_available(int32_t* available) {
    return abl::guard([&] { *available = torch::cuda::is_available() ? 1 : 0; });
}

ABL_API abl_status abl_cuda_device_count(int32_t* count) {
    return abl::guard([&] { *count = static_cast<int32_t>(torch::cuda::device_count()); });
}

ABL_API abl_status abl_set_num_threads(int32_t threads) {
    return abl::guard([&] {
        abl::require(threads > 0, "thread count must be positive");
        at::set_num_threads(threads);
        // libtorch sets the thread count of MKL only; an OpenBLAS behind libblas.so.3 keeps its own
        // (all cores, on its own threads in its pthread build), which would oversubscribe the CPUs.
        using set_threads = void (*)(int);
        if (auto openblas = reinterpret_cast<set_threads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
            openblas(threads);
        }
    });
}

ABL_API abl_status abl_get_num_threads(int32_t* threads) {
    return abl::guard([&] { *threads = at::get_num_threads(); });
}

ABL_API abl_status abl_init_thread(void) {
    return abl::guard([] { at::init_num_threads(); });
}

ABL_API abl_status abl_set_grad_enabled(int32_t enabled) {
    return abl::guard([&] { at::GradMode::set_enabled(enabled != 0); });
}

ABL_API abl_status abl_is_grad_enabled(int32_t* enabled) {
    return abl::guard([&] { *enabled = at::GradMode::is_enabled() ? 1 : 0; });
}
}
