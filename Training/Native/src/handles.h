// Internal: the structs behind the opaque handles, the live-object counters and the error guard.
#pragma once

#include <torch/torch.h>

#include <atomic>
#include <memory>
#include <string>

#include "abl_common.h"

struct abl_tensor {
    at::Tensor value;
};

struct abl_module {
    // `any` forwards without knowing the concrete type; `ptr` reaches the shared module state.
    torch::nn::AnyModule any;
    std::shared_ptr<torch::nn::Module> ptr;
};

struct abl_optim {
    std::unique_ptr<torch::optim::Optimizer> value;
};

namespace abl {

std::atomic<int64_t>& live_objects();
// The calling thread's balance: handles it created minus handles it freed (abl_thread_live_objects).
int64_t& thread_live_objects();
void set_error(const std::string& message);
void clear_error();

template <typename T, typename... Args>
T* make_handle(Args&&... args) {
    auto* handle = new T{std::forward<Args>(args)...};
    live_objects().fetch_add(1, std::memory_order_relaxed);
    ++thread_live_objects();
    return handle;
}

template <typename T>
void free_handle(T* handle) {
    if (handle == nullptr) {
        return;
    }
    delete handle;
    live_objects().fetch_sub(1, std::memory_order_relaxed);
    --thread_live_objects();
}

inline abl_tensor* wrap(at::Tensor value) { return make_handle<abl_tensor>(std::move(value)); }

template <typename Holder>
abl_module* wrap_module(Holder holder) {
    auto ptr = std::static_pointer_cast<torch::nn::Module>(holder.ptr());
    return make_handle<abl_module>(torch::nn::AnyModule(holder), std::move(ptr));
}

// Runs `body`, turning every exception (c10::Error, std::exception, anything else) into a status
// and a thread-local message, so that nothing unwinds through the C boundary.
template <typename F>
abl_status guard(F&& body) noexcept {
    try {
        clear_error();
        body();
        return ABL_OK;
    } catch (const c10::Error& e) {
        set_error(e.what_without_backtrace());
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown native error");
    }
    return ABL_ERROR;
}

inline void require(bool condition, const char* message) {
    if (!condition) {
        throw std::invalid_argument(message);
    }
}

inline at::Device device_of(int32_t type, int32_t index) {
    require(type == 0 || type == 1, "device type must be 0 (cpu) or 1 (cuda)");
    if (type == 0) {
        return at::Device(at::kCPU);
    }
    return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
}

}  // namespace abl
