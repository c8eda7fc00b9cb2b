namespace CertDeploy.Core.Diagnostics
{
    /// <summary>How serious a finding is: an error stops the run, a warning is logged and shown.</summary>
    public enum FindingSeverity
    {
        /// <summary>Worth telling the administrator; the run goes on.</summary>
        Warning,

        /// <summary>The run cannot go on; nothing is changed.</summary>
        Error,
    }

    /// <summary>
    /// One thing validation found, with a stable code for tests and tooling, and a message that
    /// names the object it is about (thumbprint, file, service or account).
    /// </summary>
    public sealed class Finding
    {
        /// <summary>Creates a finding.</summary>
        public Finding(FindingSeverity severity, string code, string message)
        {
            Severity = severity;
            Code = code;
            Message = message;
        }

        /// <summary>Whether the finding stops the run.</summary>
        public FindingSeverity Severity { get; }

        /// <summary>A stable identifier of the kind of finding, such as "CertificateExpired".</summary>
        public string Code { get; }

        /// <summary>The message for the administrator, naming the object it is about.</summary>
        public string Message { get; }

        /// <summary>Whether this finding stops the run.</summary>
        public bool IsError => Severity == FindingSeverity.Error;

        /// <summary>Creates an error finding.</summary>
        public static Finding Error(string code, string message) =>
            new Finding(FindingSeverity.Error, code, message);

        /// <summary>Creates a warning finding.</summary>
        public static Finding Warning(string code, string message) =>
            new Finding(FindingSeverity.Warning, code, message);

        /// <inheritdoc />
        public override string ToString() => $"{Severity}: {Message}";
    }
}
