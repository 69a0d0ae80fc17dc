// PodTemplates: the template's PodSpec defaults and ValidatePodTemplate(Update).

import type { KubeObject } from '../../../api/types.js';
import { path } from '../../../machinery/validation/index.js';
import type { FieldErr, Strategy } from '../strategy.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { validatePodTemplateSpec } from './podspec-validate.js';
import { toErrs } from './util.js';

export function podTemplateStrategy(): Strategy {
  return {
    defaults: (o: KubeObject) => defaultPodTemplate(o, (o.template ??= {})),
    validate: (o: KubeObject): FieldErr[] => toErrs(validatePodTemplateSpec(o.template, path('template'))),
    validateUpdate: (o: KubeObject): FieldErr[] => toErrs(validatePodTemplateSpec(o.template, path('template'))),
  };
}
