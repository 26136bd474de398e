/** Whether a policy admins edit is still the built-in default or was customized here. */
export function PolicyOrigin({ customized }: { customized: boolean }) {
  return (
    <p className="pm-template-origin">
      {customized ? (
        <>
          <strong>Customized</strong> for this Goldseam.
        </>
      ) : (
        <>
          <strong>Default policy</strong>: not customized yet.
        </>
      )}
    </p>
  );
}
