#include "abl_optim.h"
#include "handles.h"

namespace optim = torch::optim;

extern "C" {

ABL_API abl_status abl_optim_create(const abl_module* module, const abl_optim_options* o, abl_optim** out) {
    return abl::guard([&] {
        abl::require(module != nullptr && o != nullptr, "module and options must not be null");
        abl::require(o->lr > 0, "learning rate must be positive");
        auto params = module->ptr->parameters();
        std::unique_ptr<optim::Optimizer> value;
        switch (o->kind) {
            case ABL_OPTIM_SGD:
                value = std::make_unique<optim::SGD>(params, optim::SGDOptions(o->lr)
                                                                 .momentum(o->momentum)
                                                                 .dampening(o->dampening)
                                                                 .nesterov(o->nesterov != 0)
                                                                 .weight_decay(o->weight_decay));
                break;
            case ABL_OPTIM_ADAM:
                value = std::make_unique<optim::Adam>(params, optim::AdamOptions(o->lr)
                                                                  .betas({o->beta1, o->beta2})
                                                                  .eps(o->eps)
                                                                  .weight_decay(o->weight_decay));
                break;
            case ABL_OPTIM_ADAMW:
                value = std::make_unique<optim::AdamW>(params, optim::AdamWOptions(o->lr)
                                                                   .betas({o->beta1, o->beta2})
                                                                   .eps(o->eps)
                                                                   .weight_decay(o->weight_decay));
                break;
            case ABL_OPTIM_RMSPROP:
                value = std::make_unique<optim::RMSprop>(params, optim::RMSpropOptions(o->lr)
                                                                     .alpha(o->alpha)
                                                                     .eps(o->eps)
                                                                     .momentum(o->momentum)
                                                                     .weight_decay(o->weight_decay));
                break;
            case ABL_OPTIM_ADAGRAD:
                value = std::make_unique<optim::Adagrad>(
                    params, optim::AdagradOptions(o->lr).eps(o->eps).weight_decay(o->weight_decay));
                break;
            default: throw std::invalid_argument("unknown optimizer code " + std::to_string(o->kind));
        }
        *out = abl::make_handle<abl_optim>(std::move(value));
    });
}

ABL_API void abl_optim_free(abl_optim* optim) { abl::free_handle(optim); }

ABL_API abl_status abl_optim_zero_grad(abl_optim* optim) {
    // Optimizer::zero_grad's signature differs between libtorch 1.13 and 2.x; this works on both.
    return abl::guard([&] {
        for (auto& group : optim->value->param_groups()) {
            for (auto& p : group.params()) {
                if (p.grad().defined()) {
                    p.mutable_grad().reset();
                }
            }
        }
    });
}

ABL_API abl_status abl_optim_step(abl_optim* optim) {
    return abl::guard([&] { optim->value->step(); });
}

ABL_API abl_status abl_optim_set_lr(abl_optim* optim, double lr) {
    return abl::guard([&] {
        abl::require(lr >= 0, "learning rate must not be negative");
        for (auto& group : optim->value->param_groups()) {
            group.options().set_lr(lr);
        }
    });
}

ABL_API abl_status abl_optim_get_lr(const abl_optim* optim, double* lr) {
    return abl::guard([&] {
        const auto& groups = optim->value->param_groups();
        abl::require(!groups.empty(), "optimizer has no parameter groups");
        *lr = groups.front().options().get_lr();
    });
}

ABL_API abl_status abl_optim_save(const abl_optim* optim, const char* path) {
    return abl::guard([&] {
        torch::serialize::OutputArchive archive;
        optim->value->save(archive);
        archive.save_to(path);
    });
}

ABL_API abl_status abl_optim_load(abl_optim* optim, const char* path) {
    return abl::guard([&] {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        optim->value->load(archive);
    });
}
}
