/**
 * The three patch types the API server accepts (`kubectl patch --type strategic|merge|json`), as
 * one pure function that turns the stored object and a decoded patch into the object to write, or
 * throws the ApiError the API server answers with (staging/src/k8s.io/apiserver/pkg/endpoints/
 * handlers/patch.go: a malformed patch is a 400 BadRequest, a JSON patch that does not apply a
 * 422 "the server rejected our request due to an error in our request").
 */
import { ApiError, badRequest } from '../errors';
import type { KindInfo } from '../registry';
import type { KObject, NewObject } from '../types';
import { applyJsonPatch, decodeJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './jsonpatch';
import { jsonMergePatch } from './merge';
import { PatchError, strategicMergePatch, type Json, type JsonMap } from './strategic';

export { PatchError, strategicMergePatch, createThreeWayMergePatch, createTwoWayMergePatch, type Json, type JsonMap } from './strategic';
export { jsonMergePatch, createJsonMergePatch } from './merge';
export { applyJsonPatch, decodeJsonPatch, parsePointer, type JsonPatchOp } from './jsonpatch';
export { lookupPatchMeta } from './meta';

/** `kubectl patch --type`. */
export type PatchType = 'strategic' | 'merge' | 'json';

/** The 422 the API server returns when a JSON patch does not apply (NewGenericServerResponse). */
function unprocessable(): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    code: 422,
    details: {},
  });
}

/**
 * Applies a decoded patch to an object of a kind, as the API server's patch handler does, and
 * returns the object to store (it still goes through the kind's defaulting and validation).
 */
export function applyPatch(current: KObject, type: PatchType, patch: unknown, info: KindInfo): NewObject {
  try {
    switch (type) {
      case 'json': {
        const ops = decodeJsonPatch(patch);
        if (ops.length > MAX_JSON_PATCH_OPERATIONS)
          throw new ApiError({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
            reason: 'BadRequest',
            code: 413,
          });
        try {
          return applyJsonPatch(current as unknown as Json, ops) as unknown as NewObject;
        } catch (e) {
          if (e instanceof PatchError) throw unprocessable();
          throw e;
        }
      }
      case 'merge':
        if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
          throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
        return jsonMergePatch(current as unknown as Json, patch as Json) as unknown as NewObject;
      case 'strategic':
        if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
          throw badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
        return strategicMergePatch(current as unknown as JsonMap, patch as JsonMap, info.schemaType) as unknown as NewObject;
    }
  } catch (e) {
    if (e instanceof PatchError) throw badRequest(e.message);
    throw e;
  }
  throw badRequest(`unknown patch type ${String(type)}`);
}
