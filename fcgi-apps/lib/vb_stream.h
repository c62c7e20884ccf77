/*
 * vb_stream.h - viewer tokens of the RTSP relay (F39).
 *
 * The portal signs a token for one viewer of one source; vestibule-relay
 * checks it with the same secret and no database round trip.  The secret
 * is derived from the platform key (vb_conf.key), which the relay needs
 * anyway to open camera passwords, so there is no second secret to deploy:
 *   secret = HMAC-SHA256(key, "vestibule stream tokens v1")
 *
 * A token is "<viewer>.<expiry>.<mac>":
 *   viewer  1 to 64 of [A-Za-z0-9_-]: who watches ("i42" an installer
 *           account, "r17" a resident identity, "d12" an indoor monitor)
 *   expiry  Unix time in seconds, decimal, when it stops opening the stream
 *   mac     base64url without padding (43 characters) of
 *           HMAC-SHA256(secret, "vs1\n" source "\n" viewer "\n" expiry)
 * so a token opens exactly one source, for one viewer, until expiry.
 * Viewers send it in the URL (rtsp://relay/s/<source>?token=<token>) or as
 * RTSP digest credentials (RFC 2617): user name "<viewer>.<expiry>",
 * password "<mac>"; the relay then recomputes the password from the user
 * name to check the digest response.
 */
#ifndef VB_STREAM_H
#define VB_STREAM_H

#include <stdint.h>

#define VB_STREAM_VIEWER_MAX 64
#define VB_STREAM_MAC_LEN 43
/* The longest token, with its NUL. */
#define VB_STREAM_TOKEN_MAX (VB_STREAM_VIEWER_MAX + 1 + 20 + 1 + VB_STREAM_MAC_LEN + 1)

/* vb_stream_secret derives the token secret from the platform key into
 * out.  Returns 0 or -1. */
int vb_stream_secret(const unsigned char key[32], unsigned char out[32]);

/*
 * vb_stream_token writes the token of viewer for source (1 to 64 printable
 * ASCII characters without spaces, e.g. "d12", "c7"), valid until expiry,
 * into out.  Returns 0, or -1 when viewer or source is malformed.
 */
int vb_stream_token(const unsigned char secret[32], const char *source, const char *viewer,
		    int64_t expiry, char out[VB_STREAM_TOKEN_MAX]);

/*
 * vb_stream_token_check checks token for source at time now (Unix
 * seconds), comparing the mac in constant time.  Returns 0 when it opens
 * the source (viewer, when not NULL, receives its viewer); 1 when it did but
 * has expired (now >= expiry); -1 when it is malformed or forged.
 */
int vb_stream_token_check(const unsigned char secret[32], const char *source, const char *token,
			  int64_t now, char viewer[VB_STREAM_VIEWER_MAX + 1]);

/*
 * vb_stream_digest_password is the digest form: user is "<viewer>.<expiry>"
 * as a viewer sends it; out receives the password (the mac) that user must
 * have used for source, so the caller can check the digest response.
 * Returns 0; 1 when the user's expiry has passed at now; -1 when user is
 * malformed.
 */
int vb_stream_digest_password(const unsigned char secret[32], const char *source,
			      const char *user, int64_t now, char out[VB_STREAM_MAC_LEN + 1]);

#endif
