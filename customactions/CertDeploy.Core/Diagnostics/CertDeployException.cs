using System;
using System.Collections.Generic;
using System.Linq;

namespace CertDeploy.Core.Diagnostics
{
    /// <summary>
    /// A failure the administrator can act on. The message names the object it is about; where
    /// validation found several problems, all of them are in <see cref="Findings"/>.
    /// </summary>
    public class CertDeployException : Exception
    {
        /// <summary>Creates an exception with a message that names the object concerned.</summary>
        public CertDeployException(string message)
            : this(message, null)
        {
        }

        /// <summary>Creates an exception that keeps the underlying error as inner exception.</summary>
        public CertDeployException(string message, Exception? innerException)
            : base(message, innerException)
        {
            Findings = new[] { Finding.Error("Failed", message) };
        }

        /// <summary>Creates an exception from every error finding of a validation.</summary>
        public CertDeployException(IEnumerable<Finding> findings)
            : this(findings.ToList())
        {
        }

        private CertDeployException(List<Finding> findings)
            : base(string.Join(Environment.NewLine, findings.Select(f => f.Message)))
        {
            Findings = findings;
        }

        /// <summary>Every finding that led to this failure (at least one).</summary>
        public IReadOnlyList<Finding> Findings { get; }
    }
}
