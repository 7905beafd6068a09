import { useState } from 'react';

/**
 * A form's submit that shows the field errors only once the user has tried to submit:
 * `run` goes ahead only when `valid`.
 */
export function useCheckedSubmit(
  valid: boolean,
  run: () => void,
): { showErrors: boolean; submit: () => void } {
  const [showErrors, setShowErrors] = useState(false);
  const submit = () => {
    if (!valid) {
      setShowErrors(true);
      return;
    }
    run();
  };
  return { showErrors, submit };
}
