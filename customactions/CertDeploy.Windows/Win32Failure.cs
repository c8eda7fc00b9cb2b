using System;
using System.ComponentModel;
using CertDeploy.Core.Diagnostics;

namespace CertDeploy.Windows
{
    /// <summary>
    /// The one place where errors of the Windows API become <see cref="CertDeployException"/>:
    /// the message names the object, gives the system's own message (with the Win32 error code
    /// where there is one) and says what the administrator can do; the original error is kept as
    /// inner exception for the log.
    /// </summary>
    internal static class Win32Failure
    {
        /// <summary>ERROR_ACCESS_DENIED.</summary>
        public const int AccessDenied = 5;

        /// <summary>ERROR_SERVICE_DOES_NOT_EXIST.</summary>
        public const int ServiceDoesNotExist = 1060;

        /// <summary>Wraps an error: "{what}: {system message}. {advice}".</summary>
        /// <param name="what">What failed, naming the object ("Could not stop service KPR1").</param>
        /// <param name="error">The error the framework threw.</param>
        /// <param name="advice">What the administrator can do, or null.</param>
        public static CertDeployException Wrap(string what, Exception error, string? advice = null)
        {
            var message = $"{what}: {SystemMessage(error)}.";
            if (!string.IsNullOrEmpty(advice))
            {
                message += " " + advice;
            }

            return new CertDeployException(message, error);
        }

        /// <summary>
        /// The most specific message in the error chain: a Win32Exception's system message with
        /// its code, otherwise the outer message; without a final full stop.
        /// </summary>
        public static string SystemMessage(Exception error)
        {
            var win32 = FindWin32(error);
            var text = win32 != null
                ? $"{win32.Message.Trim().TrimEnd('.')} (Windows error {win32.NativeErrorCode})"
                : error.Message.Trim().TrimEnd('.');

            return text.Length == 0 ? error.GetType().Name : text;
        }

        /// <summary>The Win32 error code in the error chain, or null.</summary>
        public static int? ErrorCode(Exception error) => FindWin32(error)?.NativeErrorCode;

        private static Win32Exception? FindWin32(Exception error)
        {
            for (var current = error; current != null; current = current.InnerException)
            {
                if (current is Win32Exception win32)
                {
                    return win32;
                }
            }

            return null;
        }
    }
}
