/**
 * The part of Excel's custom-functions runtime these functions use (no @types package covers it
 * here). The metadata generator recognises the parameter type `CustomFunctions.CancelableInvocation`
 * by name and marks the function cancelable.
 */
declare namespace CustomFunctions {
  interface CancelableInvocation {
    /** Set by the function; Excel calls it when the result is no longer wanted. */
    onCanceled: (() => void) | undefined;
  }
}
