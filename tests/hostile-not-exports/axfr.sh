#!/bin/sh
dig @ns1 contoso.com axfr > contoso.com.zone
