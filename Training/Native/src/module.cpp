#include "abl_module.h"
#include "abl_tensor.h"
#include "handles.h"

namespace {

// y = body(x) + shortcut(x); an absent shortcut is the identity. The activation after the sum, if
// any, is a separate layer, so the model builder decides the order.
struct ResidualImpl : torch::nn::Module {
    ResidualImpl(torch::nn::AnyModule body_module, torch::nn::AnyModule shortcut_module, bool has_shortcut)
        : body(std::move(body_module)), shortcut(std::move(shortcut_module)), has_shortcut(has_shortcut) {
        register_module("body", body.ptr());
        if (has_shortcut) {
            register_module("shortcut", shortcut.ptr());
        }
    }

    torch::Tensor forward(torch::Tensor x) {
        auto y = body.forward(x);
        return has_shortcut ? y + shortcut.forward(x) : y + x;
    }

    torch::nn::AnyModule body;
    torch::nn::AnyModule shortcut;
    bool has_shortcut;
};
TORCH_MODULE(Residual);

// nn::Sequential's forward is a template, which AnyModule cannot hold; this one is not, so stacks
// nest inside residual bodies and other stacks.
struct StackImpl : torch::nn::SequentialImpl {
    torch::Tensor forward(torch::Tensor x) { return torch::nn::SequentialImpl::forward(x); }
};
TORCH_MODULE(Stack);

at::Device module_device(const torch::nn::Module& module) {
    for (const auto& p : module.parameters()) {
        return p.device();
    }
    for (const auto& b : module.buffers()) {
        return b.device();
    }
    return at::Device(at::kCPU);
}

}  // namespace

extern "C" {

ABL_API abl_status abl_module_linear(int64_t in_features, int64_t out_features, int32_t bias, abl_module** out) {
    return abl::guard([&] {
        abl::require(in_features > 0 && out_features > 0, "linear sizes must be positive");
        *out = abl::wrap_module(
            torch::nn::Linear(torch::nn::LinearOptions(in_features, out_features).bias(bias != 0)));
    });
}

ABL_API abl_status abl_module_conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                                     int64_t padding, int32_t bias, abl_module** out) {
    return abl::guard([&] {
        abl::require(in_channels > 0 && out_channels > 0, "conv channels must be positive");
        abl::require(kernel > 0 && stride > 0 && padding >= 0, "conv kernel and stride must be positive");
        *out = abl::wrap_module(torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, out_channels, kernel)
                                                      .stride(stride)
                                                      .padding(padding)
                                                      .bias(bias != 0)));
    });
}

ABL_API abl_status abl_module_batchnorm1d(int64_t features, double eps, double momentum, abl_module** out) {
    return abl::guard([&] {
        abl::require(features > 0, "batchnorm features must be positive");
        *out = abl::wrap_module(
            torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(features).eps(eps).momentum(momentum)));
    });
}

ABL_API abl_status abl_module_batchnorm2d(int64_t features, double eps, double momentum, abl_module** out) {
    return abl::guard([&] {
        abl::require(features > 0, "batchnorm features must be positive");
        *out = abl::wrap_module(
            torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(features).eps(eps).momentum(momentum)));
    });
}

ABL_API abl_status abl_module_dropout(double p, abl_module** out) {
    return abl::guard([&] {
        abl::require(p >= 0.0 && p < 1.0, "dropout must be in [0, 1)");
        *out = abl::wrap_module(torch::nn::Dropout(torch::nn::DropoutOptions(p)));
    });
}

ABL_API abl_status abl_module_activation(int32_t kind, double negative_slope, abl_module** out) {
    return abl::guard([&] {
        switch (kind) {
            case ABL_ACT_RELU: *out = abl::wrap_module(torch::nn::ReLU()); break;
            case ABL_ACT_GELU: *out = abl::wrap_module(torch::nn::GELU()); break;
            case ABL_ACT_SIGMOID: *out = abl::wrap_module(torch::nn::Sigmoid()); break;
            case ABL_ACT_TANH: *out = abl::wrap_module(torch::nn::Tanh()); break;
            case ABL_ACT_LEAKY_RELU:
                *out = abl::wrap_module(
                    torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(negative_slope)));
                break;
            default: throw std::invalid_argument("unknown activation code " + std::to_string(kind));
        }
    });
}

ABL_API abl_status abl_module_maxpool2d(int64_t kernel, int64_t stride, int64_t padding, abl_module** out) {
    return abl::guard([&] {
        abl::require(kernel > 0 && stride > 0 && padding >= 0, "pool kernel and stride must be positive");
        *out = abl::wrap_module(
            torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(kernel).stride(stride).padding(padding)));
    });
}

ABL_API abl_status abl_module_avgpool2d(int64_t kernel, int64_t stride, int64_t padding, abl_module** out) {
    return abl::guard([&] {
        abl::require(kernel > 0 && stride > 0 && padding >= 0, "pool kernel and stride must be positive");
        *out = abl::wrap_module(
            torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(kernel).stride(stride).padding(padding)));
    });
}

ABL_API abl_status abl_module_adaptive_avgpool2d(int64_t out_height, int64_t out_width, abl_module** out) {
    return abl::guard([&] {
        abl::require(out_height > 0 && out_width > 0, "adaptive pool output must be positive");
        *out = abl::wrap_module(torch::nn::AdaptiveAvgPool2d(
            torch::nn::AdaptiveAvgPool2dOptions(std::vector<int64_t>{out_height, out_width})));
    });
}

ABL_API abl_status abl_module_flatten(abl_module** out) {
    return abl::guard([&] { *out = abl::wrap_module(torch::nn::Flatten()); });
}

ABL_API abl_status abl_module_sequential(abl_module** out) {
    return abl::guard([&] { *out = abl::wrap_module(Stack()); });
}

ABL_API abl_status abl_sequential_append(abl_module* sequential, const abl_module* child) {
    return abl::guard([&] {
        auto seq = std::dynamic_pointer_cast<StackImpl>(sequential->ptr);
        abl::require(seq != nullptr, "module is not a sequential container");
        abl::require(child != nullptr, "child must not be null");
        seq->push_back(child->any);
    });
}

ABL_API abl_status abl_module_residual(const abl_module* body, const abl_module* shortcut, abl_module** out) {
    return abl::guard([&] {
        abl::require(body != nullptr, "residual body must not be null");
        bool has_shortcut = shortcut != nullptr;
        *out = abl::wrap_module(
            Residual(body->any, has_shortcut ? shortcut->any : torch::nn::AnyModule(), has_shortcut));
    });
}

ABL_API void abl_module_free(abl_module* module) { abl::free_handle(module); }

ABL_API abl_status abl_module_forward(abl_module* module, const abl_tensor* input, abl_tensor** out) {
    return abl::guard([&] { *out = abl::wrap(module->any.forward(input->value)); });
}

ABL_API abl_status abl_module_set_training(abl_module* module, int32_t training) {
    return abl::guard([&] { module->ptr->train(training != 0); });
}

ABL_API abl_status abl_module_parameter_count(const abl_module* module, int64_t* count) {
    return abl::guard([&] {
        int64_t total = 0;
        for (const auto& p : module->ptr->parameters()) {
            total += p.numel();
        }
        *count = total;
    });
}

ABL_API abl_status abl_module_init_normal(abl_module* module, double std) {
    return abl::guard([&] {
        abl::require(std > 0, "init std must be positive");
        torch::NoGradGuard no_grad;
        for (const auto& m : module->ptr->modules(/*include_self=*/true)) {
            torch::Tensor weight;
            torch::Tensor bias;
            if (auto* linear = m->as<torch::nn::Linear>()) {
                weight = linear->weight;
                bias = linear->bias;
            } else if (auto* conv = m->as<torch::nn::Conv2d>()) {
                weight = conv->weight;
                bias = conv->bias;
            } else {
                continue;
            }
            weight.normal_(0.0, std);
            if (bias.defined()) {
                bias.zero_();
            }
        }
    });
}

ABL_API abl_status abl_module_to_device(abl_module* module, int32_t device_type, int32_t device_index) {
    return abl::guard([&] { module->ptr->to(abl::device_of(device_type, device_index)); });
}

ABL_API abl_status abl_module_save(const abl_module* module, const char* path) {
    return abl::guard([&] {
        torch::serialize::OutputArchive archive;
        module->ptr->save(archive);
        archive.save_to(path);
    });
}

ABL_API abl_status abl_module_load(abl_module* module, const char* path) {
    return abl::guard([&] {
        torch::serialize::InputArchive archive;
        archive.load_from(path, module_device(*module->ptr));
        module->ptr->load(archive);
    });
}
}
