using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Core.Configuration
{
    /// <summary>
    /// A configuration file that cannot be read or changed safely: malformed JSON, a duplicate key,
    /// a missing or misshapen CertSettings section, or bytes that are not UTF-8. The message names
    /// the file and, where one applies, the line and column (1-based, in characters).
    /// </summary>
    public sealed class ConfigFileException : CertDeployException
    {
        /// <summary>Creates the exception for a problem at a position in the file.</summary>
        /// <param name="filePath">The file concerned, as given by the caller.</param>
        /// <param name="line">The 1-based line of the problem, or null if it concerns the whole file.</param>
        /// <param name="column">The 1-based column in characters, or null with <paramref name="line"/>.</param>
        /// <param name="message">The whole message, naming the file and the position.</param>
        public ConfigFileException(string filePath, int? line, int? column, string message)
            : base(message)
        {
            FilePath = filePath;
            Line = line;
            Column = column;
        }

        /// <summary>The file concerned.</summary>
        public string FilePath { get; }

        /// <summary>The 1-based line of the problem, or null if it concerns the whole file.</summary>
        public int? Line { get; }

        /// <summary>The 1-based column of the problem in characters of the decoded text, or null.</summary>
        public int? Column { get; }
    }
}
