namespace CertDeploy.Core.Diagnostics
{
    /// <summary>How much a log line matters.</summary>
    public enum LogLevel
    {
        /// <summary>Detail for troubleshooting: what was looked at and why it was passed over.</summary>
        Verbose,

        /// <summary>A lasting change or a decision, with the concrete values.</summary>
        Information,

        /// <summary>A fallback was taken or something needs the administrator's attention.</summary>
        Warning,

        /// <summary>A step failed.</summary>
        Error,
    }

    /// <summary>
    /// The log that reaches the administrator (the MSI log during installation). Messages are
    /// templates with named holes ("Wrote {File}") filled from the values in
    /// order, so that values stay apart from the text. Passwords are never passed here.
    /// </summary>
    public interface ILog
    {
        /// <summary>Writes one line.</summary>
        /// <param name="level">How much the line matters.</param>
        /// <param name="template">The message with named holes in braces.</param>
        /// <param name="values">The values for the holes, in order.</param>
        void Write(LogLevel level, string template, params object?[] values);
    }
}
