import { pairFileRequest, trainOptionsRequest, trainRequest } from "@/lib/train/train-request";

/** Trainer options as the API takes them (the train service's schema; see lib/train/train-request.ts). */
export const trainOptionsBody = trainOptionsRequest;

/** An uploaded pair file, sent as text (the train service's schema). */
export const pairFileBody = pairFileRequest;

/** `POST /api/v1/corpora/{id}/train`: what to train (the train service's schema, validated there once). */
export const trainBody = trainRequest;
