#include "abl_tensor.h"
#include "handles.h"

namespace {

at::ScalarType scalar_type_of(int32_t dtype) {
    switch (dtype) {
        case ABL_FLOAT32: return at::kFloat;
        case ABL_UINT8: return at::kByte;
        case ABL_INT64: return at::kLong;
        default: throw std::invalid_argument("unknown dtype code " + std::to_string(dtype));
    }
}

int32_t dtype_code_of(at::ScalarType type) {
    switch (type) {
        case at::kFloat: return ABL_FLOAT32;
        case at::kByte: return ABL_UINT8;
        case at::kLong: return ABL_INT64;
        default: return -1;
    }
}

std::vector<int64_t> shape_of(const int64_t* shape, int32_t ndim) {
    abl::require(ndim >= 0 && ndim <= 8, "ndim must be between 0 and 8");
    abl::require(ndim == 0 || shape != nullptr, "shape must not be null");
    for (int32_t i = 0; i < ndim; ++i) {
        abl::require(shape[i] >= 0, "shape entries must be non-negative");
    }
    return std::vector<int64_t>(shape, shape + ndim);
}

}  // namespace

extern "C" {

ABL_API abl_status abl_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim,
                                        abl_tensor** out) {
    return abl::guard([&] {
        auto sizes = shape_of(shape, ndim);
        auto options = at::TensorOptions().dtype(scalar_type_of(dtype));
        auto result = at::empty(sizes, options);
        if (result.numel() > 0) {
            abl::require(data != nullptr, "data must not be null");
            std::memcpy(result.data_ptr(), data, result.nbytes());
        }
        *out = abl::wrap(std::move(result));
    });
}

ABL_API abl_status abl_tensor_zeros(int32_t dtype, const int64_t* shape, int32_t ndim, int32_t device_type,
                                    int32_t device_index, abl_tensor** out) {
    return abl::guard([&] {
        auto options =
            at::TensorOptions().dtype(scalar_type_of(dtype)).device(abl::device_of(device_type, device_index));
        *out = abl::wrap(at::zeros(shape_of(shape, ndim), options));
    });
}

ABL_API void abl_tensor_free(abl_tensor* tensor) { abl::free_handle(tensor); }

ABL_API abl_status abl_tensor_ndim(const abl_tensor* tensor, int32_t* ndim) {
    return abl::guard([&] { *ndim = static_cast<int32_t>(tensor->value.dim()); });
}

ABL_API abl_status abl_tensor_shape(const abl_tensor* tensor, int64_t* shape, int32_t capacity) {
    return abl::guard([&] {
        auto sizes = tensor->value.sizes();
        abl::require(static_cast<int64_t>(sizes.size()) <= capacity, "shape buffer is too small");
        std::copy(sizes.begin(), sizes.end(), shape);
    });
}

ABL_API abl_status abl_tensor_dtype(const abl_tensor* tensor, int32_t* dtype) {
    return abl::guard([&] { *dtype = dtype_code_of(tensor->value.scalar_type()); });
}

ABL_API abl_status abl_tensor_copy_to_host(const abl_tensor* tensor, int32_t dtype, void* buffer, int64_t bytes) {
    return abl::guard([&] {
        abl::require(tensor->value.scalar_type() == scalar_type_of(dtype), "dtype does not match the tensor's");
        auto host = tensor->value.detach().to(at::kCPU).contiguous();
        abl::require(static_cast<int64_t>(host.nbytes()) == bytes, "buffer size does not match the tensor's size");
        if (bytes > 0) {
            std::memcpy(buffer, host.data_ptr(), static_cast<size_t>(bytes));
        }
    });
}

ABL_API abl_status abl_tensor_item(const abl_tensor* tensor, double* value) {
    return abl::guard([&] { *value = tensor->value.item<double>(); });
}

ABL_API abl_status abl_tensor_to_device(const abl_tensor* tensor, int32_t device_type, int32_t device_index,
                                        abl_tensor** out) {
    return abl::guard(
        [&] { *out = abl::wrap(tensor->value.to(abl::device_of(device_type, device_index))); });
}

ABL_API abl_status abl_tensor_index_select(const abl_tensor* tensor, int32_t dim, const abl_tensor* index,
                                           abl_tensor** out) {
    return abl::guard([&] {
        auto idx = index->value.device() == tensor->value.device() ? index->value
                                                                    : index->value.to(tensor->value.device());
        *out = abl::wrap(tensor->value.index_select(dim, idx));
    });
}

ABL_API abl_status abl_tensor_narrow(const abl_tensor* tensor, int32_t dim, int64_t start, int64_t length,
                                     abl_tensor** out) {
    return abl::guard([&] { *out = abl::wrap(tensor->value.narrow(dim, start, length)); });
}

ABL_API abl_status abl_tensor_normalize(const abl_tensor* tensor, float scale, const float* mean, const float* std,
                                        int32_t channels, abl_tensor** out) {
    return abl::guard([&] {
        abl::require(channels >= 1, "channels must be at least 1");
        auto x = tensor->value.to(at::kFloat);
        if (scale != 1.0f) {
            x = x.mul(scale);
        }
        if (channels == 1) {
            abl::require(std[0] > 0, "std must be positive");
            x = x.sub(mean[0]).div(std[0]);
        } else {
            abl::require(x.dim() >= 2 && x.size(1) == channels, "tensor's dim 1 must equal channels");
            std::vector<int64_t> view(static_cast<size_t>(x.dim()), 1);
            view[1] = channels;
            auto opts = at::TensorOptions().dtype(at::kFloat);
            auto m = at::from_blob(const_cast<float*>(mean), {channels}, opts).clone().to(x.device()).view(view);
            auto s = at::from_blob(const_cast<float*>(std), {channels}, opts).clone().to(x.device()).view(view);
            x = x.sub(m).div(s);
        }
        *out = abl::wrap(std::move(x));
    });
}

ABL_API abl_status abl_tensor_argmax(const abl_tensor* tensor, int32_t dim, abl_tensor** out) {
    return abl::guard([&] { *out = abl::wrap(tensor->value.argmax(dim)); });
}

ABL_API abl_status abl_tensor_accumulate(abl_tensor* accumulator, const abl_tensor* source, double alpha) {
    return abl::guard([&] {
        at::NoGradGuard no_grad;
        accumulator->value.add_(source->value.detach(), alpha);
    });
}

ABL_API abl_status abl_tensor_accumulate_correct(abl_tensor* accumulator, const abl_tensor* logits,
                                                 const abl_tensor* target) {
    return abl::guard([&] {
        at::NoGradGuard no_grad;
        abl::require(logits->value.dim() == 2, "logits must be [batch, classes]");
        accumulator->value.add_(logits->value.argmax(1).eq(target->value).sum());
    });
}

ABL_API abl_status abl_tensor_backward(abl_tensor* tensor) {
    return abl::guard([&] { tensor->value.backward(); });
}
}
